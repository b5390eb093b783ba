package io.orderflow.coreapi.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * What every entry (HTTP, webhooks, the Kafka feed) refuses the same way, so that a value which PostgreSQL, a
 * supplier or a read model cannot take never becomes an event.
 */
public final class InputRules {

    /** promiseBy may lie at most this far before the day the order is placed (UTC). */
    public static final int PROMISE_DAYS_BEFORE = 366;
    /** promiseBy may lie at most this far after the day the order is placed (UTC). */
    public static final int PROMISE_YEARS_AFTER = 5;
    /** A stock level stated earlier than this before now is not a stock level any more. */
    public static final Duration AS_OF_MAX_AGE = Duration.ofDays(366);
    /** A stock level stated later than now: only clock skew. */
    public static final Duration AS_OF_FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private InputRules() {
    }

    /**
     * True when the text holds a character no single-line field has a use for: C0 and C1 controls (NUL above all,
     * which PostgreSQL refuses), DEL, and unpaired surrogates (not encodable as UTF-8).
     */
    public static boolean hasControlCharacters(String text) {
        return hasControlCharacters(text, false);
    }

    /** Like {@link #hasControlCharacters(String)}, but line breaks and tabs may stay when {@code multiLine}. */
    public static boolean hasControlCharacters(String text, boolean multiLine) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (!(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                    return true;
                }
            } else if (c >= 0x7F && c <= 0x9F) {
                return true;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the text holds what looks like a payment card number (PAN), which orderflow must never take, store or
     * log: 13 to 19 digits, in groups joined by single spaces or dashes, that start like a card (2 to 6: the major
     * industry identifiers of card networks) and pass the Luhn check. The number must stand on its own: digits
     * glued to letters, to another dash-joined group or to a leading {@code +} (a phone number) are part of some
     * other identifier (a UUID, an SKU, an E.164 number).
     */
    public static boolean looksLikeCardNumber(String text) {
        if (text == null || text.length() < 13) {
            return false;
        }
        int i = 0;
        while (i < text.length()) {
            if (!isAsciiDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int end = i;
            int digits = 0;
            int j = i;
            // one run: digit groups joined by single separators
            while (j < text.length()) {
                char c = text.charAt(j);
                if (isAsciiDigit(c)) {
                    digits++;
                    j++;
                    end = j;
                } else if ((c == ' ' || c == '-') && j + 1 < text.length() && isAsciiDigit(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (digits >= 13 && digits <= 19 && standsAlone(text, start, end) && isCardLike(text, start, end)) {
                return true;
            }
            i = Math.max(end, start + 1);
        }
        return false;
    }

    private static boolean standsAlone(String text, int start, int end) {
        if (start > 0) {
            char before = text.charAt(start - 1);
            if (Character.isLetterOrDigit(before) || before == '-' || before == '_' || before == '+' || before == '.'
                    || before == '/') {
                return false;
            }
        }
        if (end < text.length()) {
            char after = text.charAt(end);
            return !(Character.isLetterOrDigit(after) || after == '-' || after == '_' || after == '/');
        }
        return true;
    }

    private static boolean isCardLike(String text, int start, int end) {
        char first = text.charAt(start);
        if (first < '2' || first > '6') {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int k = end - 1; k >= start; k--) {
            char c = text.charAt(k);
            if (!isAsciiDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** An ISO 4217 code of a currency one can pay in (not XXX, XTS, or a metal or fund unit). */
    public static boolean isCurrency(String code) {
        if (code == null || code.length() != 3) {
            return false;
        }
        try {
            var currency = Currency.getInstance(code);
            return currency.getCurrencyCode().equals(code) && currency.getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** An ISO 3166-1 alpha-2 country code, in capitals. */
    public static boolean isCountry(String code) {
        return code != null && code.length() == 2 && COUNTRIES.contains(code);
    }

    /** promiseBy: from {@value #PROMISE_DAYS_BEFORE} days before to {@value #PROMISE_YEARS_AFTER} years after today. */
    public static boolean isPlausiblePromise(LocalDate promiseBy, LocalDate today) {
        return promiseBy == null || (!promiseBy.isBefore(today.minusDays(PROMISE_DAYS_BEFORE))
                && !promiseBy.isAfter(today.plusYears(PROMISE_YEARS_AFTER)));
    }

    /** A supplier's stock statement: within the last {@link #AS_OF_MAX_AGE}, and not from the future beyond skew. */
    public static boolean isPlausibleAsOf(Instant asOf, Instant now) {
        return asOf != null && !asOf.isBefore(now.minus(AS_OF_MAX_AGE))
                && !asOf.isAfter(now.plus(AS_OF_FUTURE_TOLERANCE));
    }

    /**
     * Supplier ids are case-insensitive: {@code BERLIN-GEAR} is {@code berlin-gear}. Every entry lower-cases them
     * before use, so one supplier can never be registered twice under two spellings.
     */
    public static String supplierId(String raw) {
        return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
    }
}
