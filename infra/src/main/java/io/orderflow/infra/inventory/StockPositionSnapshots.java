package io.orderflow.infra.inventory;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A busy StockPosition collects events fast (every reservation, release, delta), and without a snapshot every
 * command on it would read them all again. The aggregate names this trigger by its bean name.
 */
@Configuration(proxyBeanMethods = false)
class StockPositionSnapshots {

    static final int EVENTS_BETWEEN_SNAPSHOTS = 100;

    @Bean
    SnapshotTriggerDefinition stockPositionSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, EVENTS_BETWEEN_SNAPSHOTS);
    }
}
