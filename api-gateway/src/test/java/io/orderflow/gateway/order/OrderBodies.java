package io.orderflow.gateway.order;

/** Request bodies for POST /api/v1/orders. */
final class OrderBodies {

    private OrderBodies() {
    }

    static String valid(String externalOrderId) {
        return withLines(externalOrderId, """
                [{"lineId": "1", "sku": "SKU-RED-M", "quantity": 2, "unitPrice": 19.90},
                 {"lineId": "2", "sku": "SKU-BLUE-L", "quantity": 1, "unitPrice": 5}]""");
    }

    static String withLines(String externalOrderId, String lines) {
        return """
                {"externalOrderId": "%s", "currency": "EUR",
                 "customer": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000"},
                 "shipTo": {"name": "Ada Lovelace", "line1": "12 St James's Square", "line2": null, "city": "London",
                            "region": "LDN", "postalCode": "SW1Y 4JH", "country": "GB", "latitude": 51.5074,
                            "longitude": -0.1340},
                 "lines": %s,
                 "promiseBy": "2026-03-10", "channel": "web"}""".formatted(externalOrderId, lines);
    }
}
