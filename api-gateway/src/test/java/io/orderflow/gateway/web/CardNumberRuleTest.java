package io.orderflow.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.coreapi.shared.InputRules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link InputRules#looksLikeCardNumber}: what the gateway refuses in every field, and what it must let through. */
class CardNumberRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111111", "4242424242424242", "5555555555554444", "2223003122003222", "6011111111111117",
            "3530111333300000", "6200000000000005",
            // 13, 14, 15 and 19 digits
            "4222222222222", "30569309025904", "378282246310005", "4111111111111111110",
            // groups joined by spaces or dashes, the way people type them
            "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005",
            // inside free text, or with padding around it
            "my card is 4111 1111 1111 1111, thanks", "card:4242424242424242.", "(5555-5555-5555-4444)",
            " 4111111111111111 "})
    void cardNumbersAreFound(String text) {
        assertThat(InputRules.looksLikeCardNumber(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // fails Luhn
            "4111111111111112", "4111 1111 1111 1112",
            // too short (12 digits) or too long (20 digits, even though it passes Luhn)
            "411111111111", "41111111111111111115",
            // passes Luhn but starts like no card network (1, 7, 8, 9, 0)
            "7992739871300", "123456789012345671",
            // an E.164 phone number is not a card, however many digits it has
            "+4111111111111111", "+44 20 7946 0000",
            // glued to letters or to another group: an identifier, not a card
            "SKU4111111111111111", "4111111111111111A", "pi_4111111111111111", "ord-4111111111111111",
            "4111111111111111-7", "a/4111111111111111",
            // UUIDs (idempotency keys, correlation ids) and ordinary values
            "8b1d0a53-7c2e-4d9a-9f51-3f0b6c2f8e11", "12345678-1234-1234-1234-411111111111", "2026-12-06T02:43:09Z",
            "Hauptstraße 1", "SW1Y 4JH", "pi_3MtwBwLkdIwHu7ix28a3tqPa", "", "4111 1111  1111 1111"})
    void otherValuesAreNot(String text) {
        assertThat(InputRules.looksLikeCardNumber(text)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void nullIsNot() {
        assertThat(InputRules.looksLikeCardNumber(null)).isFalse();
    }
}
