package io.orderflow.infra.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.coreapi.order.Customer;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.ShippingAddress;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.infra.embedded.EmbeddedPostgres;
import io.orderflow.infra.embedded.MigratedPostgres;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Sealing, opening, erasure and key rotation of customers' personal data (issue 13), on a real PostgreSQL. */
class CustomerDataVaultIT {

    static final RetailerId RETAILER = new RetailerId("vault-retailer");
    static final RetailerId OTHER = new RetailerId("vault-other-retailer");
    static final String KEK_1 = key();
    static final String KEK_2 = key();

    static DriverManagerDataSource dataSource;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startPostgres() {
        var postgres = MigratedPostgres.shared();
        dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), EmbeddedPostgres.USERNAME,
                EmbeddedPostgres.PASSWORD);
        jdbc = new JdbcTemplate(dataSource);
    }

    /** Each test brings its own key-encryption keys, and the e-mail index key is wrapped by one of them. */
    @BeforeEach
    void noKeysYet() {
        jdbc.update("TRUNCATE personal_data_key");
    }

    @Test
    void sealedDataOpensAgainAndHoldsNoClearText() {
        var vault = vault(keks(KEK_1));
        var order = newOrder();
        var data = data("Zephyrine Quollbottom", "zeph@example.org");

        SealedPersonalData sealed = vault.sealNow(order, RETAILER, data);

        assertThat(sealed.keyId()).isEqualTo(order.value());
        assertThat(sealed.scheme()).isEqualTo(SealedPersonalData.AES_GCM);
        String decoded = new String(Base64.getDecoder().decode(sealed.ciphertext()), StandardCharsets.ISO_8859_1);
        assertThat(sealed.ciphertext() + decoded).doesNotContain("Zephyrine", "zeph@", "Quollweg");
        assertThat(vault.open(sealed)).contains(data);
        // the key is stored wrapped, and no column holds the address
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_key WHERE key_id = ? AND wrapped_key IS NOT"
                + " NULL AND subject_hash IS NOT NULL", Long.class, order.value())).isOne();
    }

    @Test
    void aCiphertextMovedToAnotherOrderDoesNotOpen() {
        var vault = vault(keks(KEK_1));
        var first = vault.sealNow(newOrder(), RETAILER, data("Ana", "ana@example.org"));
        var second = vault.sealNow(newOrder(), RETAILER, data("Ben", "ben@example.org"));

        var swapped = new SealedPersonalData(second.keyId(), first.scheme(), first.ciphertext());

        assertThat(vault.open(swapped)).isEmpty();
    }

    @Test
    void aRetriedPlacementReusesTheOrdersKey() {
        var vault = vault(keks(KEK_1));
        var order = newOrder();
        var first = vault.sealNow(order, RETAILER, data("Ana", "ana@example.org"));
        var again = vault.sealNow(order, RETAILER, data("Ana", "ana@example.org"));

        assertThat(vault.open(first)).isPresent();
        assertThat(vault.open(again)).isPresent();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_key WHERE key_id = ?", Long.class,
                order.value())).isOne();
    }

    @Test
    void erasureByEmailDestroysEveryKeyOfThatCustomerAtThatRetailerOnly() {
        var vault = vault(keks(KEK_1));
        String email = "erase-" + UUID.randomUUID() + "@example.org";
        var one = vault.sealNow(newOrder(), RETAILER, data("Cleo Erasable", email));
        var two = vault.sealNow(newOrder(), RETAILER, data("Cleo Erasable", email.toUpperCase()));
        var elsewhere = vault.sealNow(newOrder(), OTHER, data("Cleo Erasable", email));
        var someoneElse = vault.sealNow(newOrder(), RETAILER, data("Dora Kept", "dora-" + email));

        List<OrderId> erased = vault.eraseNow(RETAILER, "  " + email + " ", List.of());

        assertThat(erased).extracting(OrderId::value).containsExactlyInAnyOrder(one.keyId(), two.keyId());
        assertThat(vault.open(one)).isEmpty();
        assertThat(vault.open(two)).isEmpty();
        assertThat(vault.open(elsewhere)).isPresent();
        assertThat(vault.open(someoneElse)).isPresent();
        // nothing of the key or the address is left, and nothing new is sealed under the erased id
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_key WHERE key_id IN (?, ?) AND erased_at IS"
                + " NOT NULL AND wrapped_key IS NULL AND subject_hash IS NULL", Long.class, one.keyId(), two.keyId()))
                .isEqualTo(2);
        assertThatThrownBy(() -> vault.sealNow(new OrderId(one.keyId()), RETAILER, data("Cleo", email)))
                .isInstanceOf(DataKeys.ErasedKeyException.class);
    }

    @Test
    void erasureByOrderIdsLeavesOtherRetailersOrdersAlone() {
        var vault = vault(keks(KEK_1));
        var mine = vault.sealNow(newOrder(), RETAILER, data("Eve", "eve@example.org"));
        var theirs = vault.sealNow(newOrder(), OTHER, data("Fay", "fay@example.org"));

        List<OrderId> erased = vault.eraseNow(RETAILER, null,
                List.of(new OrderId(mine.keyId()), new OrderId(theirs.keyId())));

        assertThat(erased).extracting(OrderId::value).containsExactly(mine.keyId());
        assertThat(vault.open(mine)).isEmpty();
        assertThat(vault.open(theirs)).isPresent();
    }

    @Test
    void anOrderPlacedBeforeSealingIsErasedByItsIdAndThenReadsAsErased() {
        var vault = vault(keks(KEK_1));
        var order = newOrder();
        var clear = new SealedPersonalData(order.value(), SealedPersonalData.CLEAR, Base64.getEncoder().encodeToString(
                ("{\"customer\":{\"name\":\"Ivy Legacy\",\"email\":\"ivy@example.org\",\"phone\":null},"
                        + "\"shipTo\":null}").getBytes(StandardCharsets.UTF_8)));
        EVENTS.publish(new GenericDomainEventMessage<>("Order", order.value(), 0,
                new OrderPlacedEvent(order, RETAILER, "ext-legacy", "EUR", clear, null, List.of(), null, "web",
                        Instant.EPOCH, null, null)));
        assertThat(vault.personalDataNow(order)).get()
                .satisfies(data -> assertThat(data.customer().name()).isEqualTo("Ivy Legacy"));

        assertThat(vault.eraseNow(OTHER, null, List.of(order))).isEmpty();
        assertThat(vault.personalDataNow(order)).isPresent();
        assertThat(vault.eraseNow(RETAILER, null, List.of(order))).containsExactly(order);

        assertThat(vault.personalDataNow(order)).isEmpty();
    }

    @Test
    void aNewKeyEncryptionKeyRewrapsEveryDataKeyAndTheOldOneCanThenGo() {
        var before = vault(keks(KEK_1));
        var sealed = before.sealNow(newOrder(), RETAILER, data("Gil", "gil@example.org"));

        var bothKeys = keks(KEK_2, KEK_1);
        var rotation = new KekRotation(jdbc, new DataSourceTransactionManager(dataSource), bothKeys,
                new DataKeys(jdbc, bothKeys));
        assertThat(rotation.rewrapAll()).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM personal_data_key WHERE kek_id = ?", Long.class,
                KeyEncryptionKeys.idOf(Base64.getDecoder().decode(KEK_1)))).isZero();

        var afterwards = vault(keks(KEK_2));
        assertThat(afterwards.open(sealed)).contains(data("Gil", "gil@example.org"));
        // the sealed data itself never changed: only the wrapping did
        assertThat(afterwards.sealNow(new OrderId(sealed.keyId()), RETAILER, data("Gil", "gil@example.org")))
                .isNotNull();
    }

    @Test
    void aDataKeyUnderAKeyEncryptionKeyThatIsNotConfiguredFailsLoudly() {
        var sealed = vault(keks(key())).sealNow(newOrder(), RETAILER, data("Hal", "hal@example.org"));

        assertThatThrownBy(() -> vault(keks(key())).open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("previous-keks");
    }

    @Test
    void theServiceDoesNotStartWithoutAKeyEncryptionKey() {
        assertThatThrownBy(() -> new KeyEncryptionKeys("", "", List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ORDERFLOW_KEK");
        assertThatThrownBy(() -> new KeyEncryptionKeys(Base64.getEncoder().encodeToString(new byte[16]), "", List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("32 bytes");
    }

    static final EventStore EVENTS = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();

    static CustomerDataVault vault(KeyEncryptionKeys keks) {
        return new CustomerDataVault(new DataKeys(jdbc, keks), jdbc, new DataSourceTransactionManager(dataSource),
                EVENTS);
    }

    static KeyEncryptionKeys keks(String current, String... previous) {
        return new KeyEncryptionKeys(current, "", List.of(previous));
    }

    static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static OrderId newOrder() {
        return new OrderId(UUID.randomUUID().toString());
    }

    static PersonalData data(String name, String email) {
        return new PersonalData(new Customer(name, email, "+49 30 9876543"),
                new ShippingAddress(name, "Quollweg 17", null, "Berlin", "BE", "10999", "DE", 52.5, 13.4));
    }
}
