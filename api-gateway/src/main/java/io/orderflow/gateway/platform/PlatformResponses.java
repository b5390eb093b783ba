package io.orderflow.gateway.platform;

import io.orderflow.gateway.port.ApiKeyAdministration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The platform API's answers. A key's secret is in {@link IssuedKey} only, answered once. */
final class PlatformResponses {

    private PlatformResponses() {
    }

    record Retailer(String retailerId, String name, Instant createdAt) {
        static Retailer of(ApiKeyAdministration.Retailer retailer) {
            return new Retailer(retailer.retailerId(), retailer.name(), retailer.createdAt());
        }
    }

    /** A key as listed: what tells keys apart, never the key or its hash. */
    record Key(UUID keyId, String name, String prefix, List<String> scopes, Instant createdAt, Instant lastRotatedAt) {
        static Key of(ApiKeyAdministration.KeySummary key) {
            return new Key(key.keyId(), key.name(), key.prefix(), key.scopes().stream().sorted().toList(),
                    key.createdAt(), key.lastRotatedAt());
        }
    }

    /** A key just issued or rotated, with its secret: the only time it is shown. */
    record IssuedKey(String retailerId, UUID keyId, String name, String key, String prefix, List<String> scopes,
                     Instant createdAt, Instant lastRotatedAt) {

        static IssuedKey of(String retailerId, ApiKeyAdministration.KeySummary summary, String key) {
            return new IssuedKey(retailerId, summary.keyId(), summary.name(), key, summary.prefix(),
                    summary.scopes().stream().sorted().toList(), summary.createdAt(), summary.lastRotatedAt());
        }

        @Override
        public String toString() {
            return "IssuedKey[" + retailerId + ", " + keyId + ", " + name + ", key redacted, " + prefix + "]";
        }
    }
}
