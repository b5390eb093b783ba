package io.orderflow.infra.audit;

import java.sql.ResultSet;
import java.sql.SQLException;

/** One row of Axon's domainevententry, bytes as stored. */
record StoredEventRow(long globalIndex, String eventId, String aggregateType, String aggregateId, long sequence,
                      String payloadType, String payloadRevision, String timestamp, byte[] payload, byte[] metadata) {

    static final String COLUMNS = """
            globalindex, eventidentifier, type, aggregateidentifier, sequencenumber, payloadtype, payloadrevision,
            "timestamp", payload, metadata""";

    static StoredEventRow read(ResultSet rs) throws SQLException {
        return new StoredEventRow(rs.getLong("globalindex"), rs.getString("eventidentifier"), rs.getString("type"),
                rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"), rs.getString("payloadtype"),
                rs.getString("payloadrevision"), rs.getString("timestamp"), rs.getBytes("payload"),
                rs.getBytes("metadata"));
    }
}
