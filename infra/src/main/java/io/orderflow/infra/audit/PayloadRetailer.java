package io.orderflow.infra.audit;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The retailer a stored event belongs to: every event carries {@code "retailerId":{"value":...}}. Read
 * with a streaming parser that stops at that field, so the payload is never turned into Java types.
 */
final class PayloadRetailer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PayloadRetailer() {
    }

    /** Null when the payload names no retailer or is not JSON. */
    static String of(byte[] payload) {
        if (payload == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("retailerId".equals(name)) {
                    return value == JsonToken.START_OBJECT ? valueField(parser)
                            : value == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String valueField(JsonParser parser) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("value".equals(name) && value == JsonToken.VALUE_STRING) {
                return parser.getString();
            }
            parser.skipChildren();
        }
        return null;
    }
}
