package io.orderflow.gateway.web;

import io.orderflow.coreapi.shared.InputRules;

import java.util.Set;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How request bodies are read: a JSON type is taken as what it is ({@code "2"} is not a number, {@code 2} is not a
 * string, {@code 2.5} is not a whole number, {@code 12} is not a date), no string may hold control characters
 * (NUL above all: PostgreSQL refuses it, so it would stop every read model that stores it), and no string may hold
 * what looks like a payment card number (orderflow takes a payment provider's reference, never card data: such a
 * value is refused here, before any handler, log or event could see it). Only the decoder of request bodies is
 * strict; what the service writes, and what Axon stores, are untouched.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    /** Fields of free text, and PEM text, that may span lines; every other string is one line. */
    static final Set<String> MULTI_LINE_FIELDS = Set.of("reason", "clientCertificatePem", "clientKeyPem",
            "trustedCaPem");
    static final String CONTROL_CHARACTERS = "contains control characters";
    static final String CARD_NUMBER = "looks like a payment card number";

    @Bean
    CodecCustomizer strictJsonDecoder() {
        return new StrictDecoder(new JacksonJsonDecoder(mapper()));
    }

    /** Applied after Boot's own Jackson customizer, which would otherwise put its lenient decoder back. */
    record StrictDecoder(JacksonJsonDecoder decoder) implements CodecCustomizer, Ordered {
        @Override
        public void customize(CodecConfigurer configurer) {
            configurer.defaultCodecs().jacksonJsonDecoder(decoder);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    static JsonMapper mapper() {
        var strings = new SimpleModule("strict-strings");
        strings.addDeserializer(String.class, new SingleLineStrings());
        return JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultLeniency(false)
                .withCoercionConfig(LogicalType.DateTime, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(strings)
                .build();
    }

    static final class SingleLineStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            String field = parser.streamReadContext() == null ? null : parser.streamReadContext().currentName();
            if (InputRules.hasControlCharacters(value, field != null && MULTI_LINE_FIELDS.contains(field))) {
                // the value is not quoted back: it may be a customer's name or address
                throw context.weirdStringException("", String.class, CONTROL_CHARACTERS);
            }
            if (InputRules.looksLikeCardNumber(value)) {
                // neither quoted back nor logged: card data may pass through memory, never further
                throw context.weirdStringException("", String.class, CARD_NUMBER);
            }
            return value;
        }
    }
}
