package io.orderflow.coreapi.shared;

import java.util.Objects;
import java.util.regex.Pattern;

public record RetailerId(String value) {
    public RetailerId {
        Objects.requireNonNull(value, "retailer id");
    }

    /** What {@link #isWellFormed} accepts, in words for a problem document. */
    public static final String RULE = "must be 1 to 100 letters, digits, '.', '_', ':' or '-'";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** Whether a text can name a retailer: the same rule for a key's retailer, a token's claim and the platform API. */
    public static boolean isWellFormed(String value) {
        return value != null && WELL_FORMED.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
