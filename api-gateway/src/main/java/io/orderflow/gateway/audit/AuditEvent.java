package io.orderflow.gateway.audit;

import io.orderflow.gateway.port.AuditTrail.StoredEvent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stored event as auditors get it: the envelope, the metadata that tells who and what caused it, and the
 * payload and metadata exactly as stored (JSON, never re-read into Java types).
 *
 * @param causationId      the message that directly caused the event (for an event applied by a command, that
 *                         command, which is not stored)
 * @param causationEventId the stored event whose handling led to that command, absent when a storefront request or a
 *                         supplier webhook did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditEvent(long globalIndex, String eventId, String aggregateType, String aggregateId, long sequence,
                  String type, String payloadType, String revision, String timestamp, String correlationId,
                  String causationId, String causationEventId, String actor, String traceId, String webhookDeliveryId,
                  @JsonRawValue String metadata, @JsonRawValue String payload, String payloadText,
                  String personalData) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static AuditEvent of(StoredEvent event) {
        JsonNode metadata = parse(event.metadataJson());
        String payloadType = event.payloadType();
        String type = payloadType == null ? null : payloadType.substring(payloadType.lastIndexOf('.') + 1);
        // a payload that would break the line-per-event format (or is not JSON at all) is given as text
        boolean raw = looksLikeJson(event.payloadJson());
        return new AuditEvent(event.globalIndex(), event.eventId(), event.aggregateType(), event.aggregateId(),
                event.sequence(), type, payloadType, event.payloadRevision(), event.timestamp(),
                text(metadata, "correlationId"), text(metadata, "causationId"), text(metadata, "causationEventId"),
                text(metadata, "actor"), text(metadata, "traceId"), text(metadata, "webhookDeliveryId"),
                metadata == null ? null : event.metadataJson(), raw ? event.payloadJson() : null,
                raw ? null : event.payloadJson(), event.personalData());
    }

    /**
     * One JSON object on one line, at a glance: the payload is written as stored, never parsed, so this only keeps
     * the one-event-per-line framing safe from a payload that was changed by hand.
     */
    private static boolean looksLikeJson(String json) {
        if (json == null || json.length() < 2 || json.charAt(0) != '{' || json.charAt(json.length() - 1) != '}') {
            return false;
        }
        for (int i = 0; i < json.length(); i++) {
            if (json.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank() || json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String text(JsonNode metadata, String key) {
        if (metadata == null) {
            return null;
        }
        JsonNode value = metadata.get(key);
        return value == null || value.isNull() ? null : value.asString();
    }
}
