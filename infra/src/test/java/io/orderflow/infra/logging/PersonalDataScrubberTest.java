package io.orderflow.infra.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataScrubberTest {

    @Test
    void postgresDetailsAndQuotedValuesAreTakenOut() {
        String relayed = """
                org.postgresql.util.PSQLException: ERROR: new row for relation "sandbox_order" violates check constraint "sandbox_order_city_check"
                  Detail: Failing row contains (42, PO-1, Hauptstraße 1, Berlin, 10115).
                  Where: unnamed portal parameter $5 = 'Ana Example'""";

        String scrubbed = PersonalDataScrubber.dropDetailLines(PersonalDataScrubber.scrubError(relayed));

        assertThat(scrubbed).doesNotContain("Hauptstraße", "Berlin", "10115", "Ana Example")
                .contains("PSQLException", "violates check constraint", "sandbox_order_city_check", "sandbox_order");
    }

    @Test
    void keyValuesAndLiteralsInOneLineAreTakenOut() {
        String duplicate = PersonalDataScrubber.scrubError("ERROR: duplicate key value violates unique constraint"
                + " \"customer_email_key\"\n  Detail: Key (email)=(ana@example.org) already exists.");
        String syntax = PersonalDataScrubber.scrubError(
                "ERROR: invalid input syntax for type date: \"Hauptstraße 1\", value 'Berlin'");

        assertThat(duplicate).doesNotContain("ana@example.org").contains("customer_email_key");
        assertThat(syntax).doesNotContain("Hauptstraße", "Berlin").contains("invalid input syntax for type date");
    }

    @Test
    void theServicesOwnMessagesStayAsTheyAre() {
        String message = "allocation alloc-1 submitted to berlin-gear as PO-berlin-gear-1";
        assertThat(PersonalDataScrubber.scrubMessage(message)).isEqualTo(message);
        assertThat(PersonalDataScrubber.scrubMessage("Audit read failed: org.springframework.dao.DataIntegrityViolationException:"
                + " ERROR: invalid byte sequence for encoding \"UTF8\": 0x00 Where: unnamed portal parameter $5 = 'Ana'"))
                .contains("\"UTF8\"", "0x00").doesNotContain("Ana");
    }
}
