package io.orderflow.sandbox.stock;

import static io.orderflow.sandbox.db.Transactions.instant;
import static io.orderflow.sandbox.db.Transactions.timestamp;

import io.orderflow.sandbox.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

public final class StockLevels {

    public record Snapshot(String supplierSku, String locationId, int available, Instant asOf) {}

    private final Transactions transactions;

    public StockLevels(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Leaves levels already in the database alone, so a restart does not undo what orders took. */
    public void seedIfAbsent(String supplierId, List<StockLevel> levels, Instant now) {
        write(supplierId, levels, now, "on conflict do nothing");
    }

    public void set(String supplierId, List<StockLevel> levels, Instant now) {
        write(supplierId, levels, now,
                "on conflict (supplier_id, supplier_sku, location_id) do update set available = excluded.available, updated_at = excluded.updated_at");
    }

    public List<Snapshot> list(String supplierId) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select supplier_sku, location_id, available, updated_at from sandbox.stock_level
                    where supplier_id = ? order by supplier_sku, location_id""")) {
                select.setString(1, supplierId);
                List<Snapshot> levels = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        levels.add(new Snapshot(rows.getString(1), rows.getString(2), rows.getInt(3),
                                instant(rows.getObject(4, OffsetDateTime.class))));
                    }
                }
                return levels;
            }
        });
    }

    /** Takes the quantity from the locations that hold the SKU, fullest first; never goes below zero. */
    public static void take(Connection connection, String supplierId, String supplierSku, int quantity, Instant now)
            throws SQLException {
        record Level(String locationId, int available) {}
        List<Level> levels = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select location_id, available from sandbox.stock_level
                where supplier_id = ? and supplier_sku = ? order by available desc, location_id for update""")) {
            select.setString(1, supplierId);
            select.setString(2, supplierSku);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    levels.add(new Level(rows.getString(1), rows.getInt(2)));
                }
            }
        }
        int remaining = quantity;
        try (PreparedStatement update = connection.prepareStatement("""
                update sandbox.stock_level set available = ?, updated_at = ?
                where supplier_id = ? and supplier_sku = ? and location_id = ?""")) {
            for (Level level : levels) {
                if (remaining <= 0) {
                    break;
                }
                int taken = Math.min(remaining, level.available());
                remaining -= taken;
                if (taken > 0) {
                    update.setInt(1, level.available() - taken);
                    update.setObject(2, timestamp(now));
                    update.setString(3, supplierId);
                    update.setString(4, supplierSku);
                    update.setString(5, level.locationId());
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
    }

    private void write(String supplierId, List<StockLevel> levels, Instant now, String onConflict) {
        if (levels.isEmpty()) {
            return;
        }
        transactions.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into sandbox.stock_level (supplier_id, supplier_sku, location_id, available, updated_at)
                    values (?, ?, ?, ?, ?) """ + onConflict)) {
                for (StockLevel level : levels) {
                    insert.setString(1, supplierId);
                    insert.setString(2, level.supplierSku());
                    insert.setString(3, level.locationId());
                    insert.setInt(4, level.available());
                    insert.setObject(5, timestamp(now));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }
}
