package io.orderflow.gateway.admin;

import io.orderflow.coreapi.supplier.RegisterSupplierCommand;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.gateway.port.ClientCertificate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A supplier's settings as the admin API shows them: the request's shape without its secrets, plus versions, and what
 * may be known of its client certificate (subject, expiry, fingerprint).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SupplierResponse(String supplierId, String name, SupplierConnector connector, List<SupplierLocation> locations,
                        List<String> shipsTo, int handlingDays, Number acceptanceSlaMinutes, int dailyCapacity,
                        int priority, boolean active, int version, Integer catalogVersion, Instant updatedAt,
                        ClientCertificate clientCertificate) {

    static SupplierResponse of(RegisterSupplierCommand c, int version) {
        return new SupplierResponse(c.supplierId().value(), c.name(), c.connector(), c.locations(),
                c.shipsTo().stream().sorted().toList(), c.handlingDays(), minutes(c.acceptanceSla()), c.dailyCapacity(),
                c.priority(), c.active(), version, null, null, null);
    }

    static SupplierResponse of(SupplierView v) {
        return new SupplierResponse(v.supplierId(), v.name(), v.connector(), v.locations(),
                v.shipsTo().stream().sorted().toList(), v.handlingDays(), minutes(v.acceptanceSla()), v.dailyCapacity(),
                v.priority(), v.active(), v.version(), v.catalogVersion(), v.updatedAt(), null);
    }

    /** With the description (never the PEM) of the client certificate it presents to the supplier, if any. */
    SupplierResponse presenting(ClientCertificate certificate) {
        return new SupplierResponse(supplierId, name, connector, locations, shipsTo, handlingDays, acceptanceSlaMinutes,
                dailyCapacity, priority, active, version, catalogVersion, updatedAt, certificate);
    }

    // whole minutes as set through this API; suppliers registered otherwise may have an SLA of seconds
    private static Number minutes(Duration sla) {
        long seconds = sla.toSeconds();
        if (seconds % 60 == 0) {
            return seconds / 60;
        }
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
