package io.orderflow.infra.axon;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Where processing groups stand in the event store, from their stored tokens (every node's segments). */
@Component
public class ProcessorPositions {

    private static final Logger log = LoggerFactory.getLogger(ProcessorPositions.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    ProcessorPositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The global index the group's slowest segment has handled; -1 when it has none (or no token yet). */
    public long slowest(String group) {
        var positions = jdbc.query("SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                (rs, n) -> position(rs.getBytes(1), rs.getString(2)), group);
        return positions.stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    public long position(byte[] token, String type) {
        if (token == null || type == null) {
            return -1;
        }
        try {
            TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
            return tracking == null ? -1 : tracking.position().orElse(-1);
        } catch (RuntimeException unreadable) {
            log.debug("token of type {} not readable: {}", type, unreadable.toString());
            return -1;
        }
    }
}
