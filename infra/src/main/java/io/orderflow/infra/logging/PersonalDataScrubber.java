package io.orderflow.infra.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes out of a log text what may be a customer's data relayed in an error: PostgreSQL's detail lines ("Failing
 * row contains (…)", "Key (…)=(…)", "Where: … parameter $5 = '…'"), and quoted values in error messages (an
 * invalid value is quoted back by PostgreSQL, Jackson and the JDK alike). What stays says what failed, never on
 * which data: identifiers such as constraint names (with an underscore or digit) and codes in capitals are kept.
 */
public final class PersonalDataScrubber {

    static final String REMOVED = "…";

    private static final Pattern DETAIL_LINES = Pattern.compile(
            "(?m)^[ \\t]*(Detail|Where|Hint|Internal Query|Context|Position|Failing row contains|Key \\().*$");
    private static final Pattern INLINE_DETAIL = Pattern.compile(
            "(Detail|Where|Hint|Internal Query|Context): [^\\n]*");
    private static final Pattern FAILING_ROW = Pattern.compile("Failing row contains \\([^\\n]*\\)");
    private static final Pattern KEY_VALUES = Pattern.compile("Key \\(([^)\\n]*)\\)=\\([^\\n]*?\\)");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'[^'\\n]*'");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"([^\"\\n]*)\"");
    private static final Pattern IDENTIFIER = Pattern.compile(
            "[A-Za-z0-9.$:-]*[_0-9][A-Za-z0-9_.$:-]*|[A-Z0-9_]+|[a-z_][a-z0-9_.]*_[a-z0-9_.]*");
    private static final Pattern RELAYED_ERROR = Pattern.compile(
            "ERROR:|SQL|Exception|Error|error|Detail:|Where:|Failing row|Key \\(|invalid|violates");

    private PersonalDataScrubber() {
    }

    /** For exception texts (message and causes): always scrubbed. */
    public static String scrubError(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = FAILING_ROW.matcher(text).replaceAll("Failing row contains (" + REMOVED + ")");
        scrubbed = KEY_VALUES.matcher(scrubbed).replaceAll(m -> Matcher.quoteReplacement(
                "Key (" + m.group(1) + ")=(" + REMOVED + ")"));
        scrubbed = INLINE_DETAIL.matcher(scrubbed).replaceAll("$1: " + REMOVED);
        scrubbed = SINGLE_QUOTED.matcher(scrubbed).replaceAll("'" + REMOVED + "'");
        return DOUBLE_QUOTED.matcher(scrubbed).replaceAll(m -> IDENTIFIER.matcher(m.group(1)).matches()
                ? Matcher.quoteReplacement(m.group()) : "\"" + REMOVED + "\"");
    }

    /**
     * For log messages: the service's own messages name ids, never personal data, but one that relays an error's
     * text (an exception's toString, a database's answer) is scrubbed like an exception.
     */
    public static String scrubMessage(String message) {
        if (message == null || message.isEmpty() || !RELAYED_ERROR.matcher(message).find()) {
            return message;
        }
        return scrubError(message);
    }

    static String dropDetailLines(String text) {
        return DETAIL_LINES.matcher(text).replaceAll("");
    }
}
