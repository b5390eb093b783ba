package io.orderflow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupplierSandboxMainTest {

    @Test
    void canStartStandaloneFromASuppliersFile(@TempDir Path dir) throws Exception {
        Path suppliers = Files.writeString(dir.resolve("suppliers.json"), """
                {"webhookTarget":"http://localhost:1",
                  "suppliers":[
                      {"supplierId":"acme","apiSecret":"a","webhookSecret":"w",
                        "profile":{"acceptAfter":"PT1S","fulfilAfter":"PT2S","trackAfter":"PT3S","deliverAfter":"PT4S",
                                              "carrier":"GLS","rejectAll":false},
                        "stock":[{"supplierSku":"SKU-1","locationId":"WH-1","available":4}]},
                      {"supplierId":"globex","apiSecret":"b","webhookSecret":"x"}]}""");
        String[] args = {"--port", "0", "--jdbc-url", TestDatabase.freshJdbcUrl(), "--jdbc-user", "postgres",
                "--jdbc-password", "", "--suppliers", suppliers.toString()};

        try (SupplierSandbox sandbox = SupplierSandboxMain.start(args);
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> acme = http.send(HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/control/acme/profile")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(acme.body()).contains("\"carrier\":\"GLS\"", "\"acceptAfter\":\"PT1S\"");
            HttpResponse<String> globex = http.send(HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/control/globex/profile")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(globex.body()).contains("\"carrier\":\"DHL\"", "\"acceptAfter\":\"PT0.3S\"");
            assertThat(sandbox.partnerBaseUrl("acme")).hasToString(sandbox.baseUrl() + "/partner/acme");
        }
    }
}
