package io.orderflow.infra.privacy;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.port.PersonalDataVault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customers' personal data, sealed with AES-GCM under a data key per order ({@link DataKeys}; the key id is the
 * order id, and the ciphertext is bound to it). Each key row also carries a keyed hash of the customer's e-mail
 * address (HMAC-SHA256 under a key of its own, kept like a data key), so that an erasure by address finds the
 * customer's orders without the address being stored anywhere in clear text.
 *
 * <p>Orders placed before personal data was sealed carry it in clear text ({@link SealedPersonalData#CLEAR}); their
 * erasure leaves a destroyed key row behind, which every reader honours, but cannot remove the stored bytes.
 */
@Component
public class CustomerDataVault implements PersonalDataVault {

    static final String SUBJECT_INDEX_KEY = "#subject-index";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataKeys keys;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventStore events;
    private volatile SecretKey subjectIndex;

    CustomerDataVault(DataKeys keys, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                      EventStore events) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
    }

    @Override
    public Mono<SealedPersonalData> seal(OrderId orderId, RetailerId retailerId, PersonalData data) {
        return blocking(() -> sealNow(orderId, retailerId, data));
    }

    @Override
    public Mono<Optional<PersonalData>> personalDataOf(OrderId orderId) {
        return blocking(() -> personalDataNow(orderId));
    }

    @Override
    public Mono<List<OrderId>> erase(RetailerId retailerId, String email, List<OrderId> orderIds) {
        return blocking(() -> eraseNow(retailerId, email, orderIds));
    }

    public SealedPersonalData sealNow(OrderId orderId, RetailerId retailerId, PersonalData data) {
        String keyId = orderId.value();
        String email = data.customer() == null ? null : data.customer().email();
        SecretKey key = keys.keyFor(keyId, retailerId.value(), subjectHash(retailerId, email));
        byte[] sealed = Aead.encrypt(key, JSON.writeValueAsBytes(data), keyId);
        return new SealedPersonalData(keyId, SealedPersonalData.AES_GCM, Base64.getEncoder().encodeToString(sealed));
    }

    /** Empty when the data was erased, or cannot be read. */
    public Optional<PersonalData> open(SealedPersonalData sealed) {
        if (sealed == null || sealed.keyId() == null || sealed.ciphertext() == null) {
            return Optional.empty();
        }
        try {
            if (SealedPersonalData.CLEAR.equals(sealed.scheme())) {
                return keys.isErased(sealed.keyId()) ? Optional.empty()
                        : read(Base64.getDecoder().decode(sealed.ciphertext()));
            }
            if (!SealedPersonalData.AES_GCM.equals(sealed.scheme())) {
                return Optional.empty();
            }
            return keys.find(sealed.keyId())
                    .flatMap(key -> Aead.decrypt(key, Base64.getDecoder().decode(sealed.ciphertext()), sealed.keyId()))
                    .flatMap(CustomerDataVault::read);
        } catch (DataKeys.ErasedKeyException erased) {
            return Optional.empty();
        }
    }

    /** The personal data of the order, from its first event; empty when erased or the order is not known. */
    public Optional<PersonalData> personalDataNow(OrderId orderId) {
        return placed(orderId).flatMap(placed -> open(placed.personalData()));
    }

    /** The order's first event; from sequence 0, since a snapshot would stand in front of it. */
    public Optional<OrderPlacedEvent> placed(OrderId orderId) {
        return events.readEvents(orderId.value(), 0).asStream().findFirst()
                .map(message -> message.getPayload())
                .filter(OrderPlacedEvent.class::isInstance)
                .map(OrderPlacedEvent.class::cast);
    }

    List<OrderId> eraseNow(RetailerId retailerId, String email, List<OrderId> orderIds) {
        Set<String> erased = new LinkedHashSet<>();
        if (email != null && !email.isBlank()) {
            byte[] subject = subjectHash(retailerId, email);
            erased.addAll(transactions.execute(tx -> jdbc.queryForList("""
                    UPDATE personal_data_key
                       SET wrapped_key = NULL, kek_id = NULL, subject_hash = NULL,
                           erased_at = COALESCE(erased_at, now())
                     WHERE retailer_id = ? AND subject_hash = ?
                    RETURNING key_id""", String.class, retailerId.value(), subject)));
        }
        if (orderIds != null && !orderIds.isEmpty()) {
            String[] ids = orderIds.stream().map(OrderId::value).distinct().toArray(String[]::new);
            erased.addAll(transactions.execute(tx -> jdbc.queryForList("""
                    UPDATE personal_data_key
                       SET wrapped_key = NULL, kek_id = NULL, subject_hash = NULL,
                           erased_at = COALESCE(erased_at, now())
                     WHERE retailer_id = ? AND key_id = ANY (?)
                    RETURNING key_id""", String.class, retailerId.value(), ids)));
            for (String id : ids) {
                if (!erased.contains(id) && eraseClearText(retailerId, new OrderId(id))) {
                    erased.add(id);
                }
            }
        }
        List<OrderId> answer = new ArrayList<>();
        erased.forEach(id -> answer.add(new OrderId(id)));
        return answer;
    }

    /** An order of this retailer placed before sealing: a destroyed key row tells every reader it is erased. */
    private boolean eraseClearText(RetailerId retailerId, OrderId orderId) {
        if (!OrderId.isWellFormed(orderId.value())) {
            return false;
        }
        boolean clearTextOfThisRetailer = placed(orderId)
                .filter(placed -> retailerId.equals(placed.retailerId()))
                .map(OrderPlacedEvent::personalData)
                .filter(sealed -> SealedPersonalData.CLEAR.equals(sealed.scheme()))
                .isPresent();
        if (clearTextOfThisRetailer) {
            jdbc.update("""
                    INSERT INTO personal_data_key (key_id, retailer_id, erased_at) VALUES (?, ?, now())
                    ON CONFLICT (key_id) DO NOTHING""", orderId.value(), retailerId.value());
        }
        return clearTextOfThisRetailer;
    }

    /** Null without an address; the same address however it is capitalised or padded. */
    private byte[] subjectHash(RetailerId retailerId, String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(subjectIndexKey());
            mac.update(retailerId.value().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private SecretKey subjectIndexKey() {
        SecretKey key = subjectIndex;
        if (key == null) {
            key = keys.keyFor(SUBJECT_INDEX_KEY, null, null);
            subjectIndex = key;
        }
        return key;
    }

    private static Optional<PersonalData> read(byte[] json) {
        try {
            return Optional.of(JSON.readValue(json, PersonalData.class));
        } catch (JacksonException unreadable) {
            return Optional.empty();
        }
    }

    private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(DataKeys.BLOCKING);
    }
}
