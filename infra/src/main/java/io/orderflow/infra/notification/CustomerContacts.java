package io.orderflow.infra.notification;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.infra.privacy.CustomerDataVault;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The customer of an order, read from the order's own first event when a notification is about to go out: the
 * address only when the customer agreed to be told by e-mail, and never once the personal data has been erased.
 */
@Component
class CustomerContacts {

    record Contact(String name, String email, String externalOrderId) {
        @Override
        public String toString() {
            return "Contact[redacted]";
        }
    }

    private final CustomerDataVault vault;

    CustomerContacts(CustomerDataVault vault) {
        this.vault = vault;
    }

    /** Empty when the order is unknown, its customer gave no e-mail consent, or the data was erased. */
    Optional<Contact> emailOf(String orderId) {
        return vault.placed(new OrderId(orderId))
                .filter(placed -> placed.consentOrNone().email())
                .flatMap(placed -> vault.open(placed.personalData())
                        .filter(data -> data.customer() != null)
                        .map(data -> new Contact(data.customer().name(), data.customer().email(),
                                placed.externalOrderId())));
    }
}
