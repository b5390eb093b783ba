package io.orderflow.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The README's examples, read from README.md itself, so that a test can follow it as a newcomer would and compare
 * what it shows with what the service answers.
 *
 * <p>An example answer is JSON in which {@code …} stands for what varies or was left out: a string with {@code …}
 * matches any text in its place; a {@code …} member of an object says that more members may follow (without one, an
 * object must have exactly the members shown); a {@code …} element of an array stands for any number of elements
 * there; {@code {…}} and {@code […]} are any object or array.
 * Ids the sandbox numbers ({@code PO-berlin-gear-1}, {@code F-berlin-gear-1}) match any number, as they count every
 * order the sandbox has seen.
 */
final class ReadmeExamples {

    private static final String ELLIPSIS = "…";
    private static final Pattern SANDBOX_NUMBERED_ID = Pattern.compile("\\b(PO|F)-([a-z0-9-]+?)-1\\b");

    record Block(String language, String text, int line) {
    }

    private final List<Block> blocks;

    private ReadmeExamples(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** README.md of the repository, found from the module's directory upwards. */
    static ReadmeExamples load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md").resolveSibling("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("README.md of the repository not found above " + Path.of("").toAbsolutePath());
        }
        try {
            return parse(Files.readString(dir.resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadmeExamples parse(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```")) {
                String language = lines[i].substring(3).trim();
                int start = i + 1;
                var text = new StringBuilder();
                for (i = start; i < lines.length && !lines[i].startsWith("```"); i++) {
                    text.append(lines[i]).append('\n');
                }
                blocks.add(new Block(language, text.toString(), start));
            }
        }
        return new ReadmeExamples(blocks);
    }

    /** The first fenced block that contains {@code marker}. */
    Block block(String marker) {
        return blocks.stream().filter(b -> b.text().contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no example containing " + marker));
    }

    /** The first block after the one containing {@code marker} whose language is {@code language} ("" for none). */
    Block blockAfter(String marker, String language) {
        int index = blocks.indexOf(block(marker));
        return blocks.subList(index + 1, blocks.size()).stream().filter(b -> b.language().equals(language)).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no " + language + " block after " + marker));
    }

    /** The body a curl command sends: the text of {@code -d '…'}. */
    static String curlBody(Block curl) {
        int start = curl.text().indexOf("-d '");
        if (start < 0) {
            throw new AssertionError("no -d '...' in the README's example at line " + curl.line());
        }
        int end = curl.text().indexOf('\'', start + 4);
        return curl.text().substring(start + 4, end);
    }

    /** What a timeline example shows: one (type, text) per line, the type being its first word. */
    static List<Map.Entry<String, String>> timeline(Block block) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String line : block.text().split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.trim().split("\\s+", 2);
                entries.add(Map.entry(parts[0], parts.length > 1 ? parts[1] : ""));
            }
        }
        return entries;
    }

    /** Under {@link Compare#TEXTS}, a decimal inside a text (a plan score in a decision) is a number too. */
    private static String decimals(String text, Compare how) {
        return how == Compare.TEXTS ? text.replaceAll("\\d+\\.\\d+", "#.#") : text;
    }

    /** Whether {@code actual} is what the README's text {@code shown} (with its {@code …}) stands for. */
    static boolean textMatches(String shown, String actual) {
        return actual != null && textPattern(shown).matcher(actual).matches();
    }

    private static Pattern textPattern(String shown) {
        var regex = new StringBuilder();
        String[] parts = shown.split(ELLIPSIS, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            Matcher ids = SANDBOX_NUMBERED_ID.matcher(parts[i]);
            int last = 0;
            while (ids.find()) {
                regex.append(Pattern.quote(parts[i].substring(last, ids.start())));
                regex.append(Pattern.quote(ids.group(1) + "-" + ids.group(2) + "-")).append("\\d+");
                last = ids.end();
            }
            regex.append(Pattern.quote(parts[i].substring(last)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // ---- JSON with …

    /** How much of an example must be as shown: members and nesting always. */
    enum Compare {
        /** every value shown */
        VALUES,
        /** texts and booleans, not numbers (scores and distances that depend on stock) */
        TEXTS,
        /** members and nesting only */
        SHAPE
    }

    /** Where {@code actual} differs from the example: an empty list when it is what the example shows. */
    static List<String> differences(String example, JsonNode actual, Compare compare) {
        var parser = new PatternParser(example);
        Object pattern = parser.value();
        parser.end();
        var differences = new ArrayList<String>();
        compare(pattern, actual, "$", compare, differences);
        return differences;
    }

    private record PObject(Map<String, Object> members, boolean open) {
    }

    /** afterEllipsis: the element follows a … (others of the answer may come before it); open: a … at the end. */
    private record PArray(List<Object> elements, List<Boolean> afterEllipsis, boolean open) {
    }

    private record PText(String text) {
    }

    private record PScalar(Object value) {
    }

    private enum Any { VALUE }

    private static void compare(Object pattern, JsonNode actual, String path, Compare how, List<String> differences) {
        switch (pattern) {
            case Any any -> {
            }
            case PObject object -> {
                if (!actual.isObject()) {
                    differences.add(path + ": an object in the README, " + actual.getNodeType() + " in the answer");
                    return;
                }
                object.members().forEach((name, member) -> {
                    if (!actual.has(name)) {
                        differences.add(path + "." + name + ": in the README, not in the answer");
                    } else {
                        compare(member, actual.get(name), path + "." + name, how, differences);
                    }
                });
                if (!object.open()) {
                    actual.propertyNames().forEach(name -> {
                        if (!object.members().containsKey(name)) {
                            differences.add(path + "." + name + ": in the answer, not in the README (nor a …)");
                        }
                    });
                }
            }
            case PArray array -> {
                if (!actual.isArray()) {
                    differences.add(path + ": an array in the README, " + actual.getNodeType() + " in the answer");
                    return;
                }
                int next = 0;
                for (int i = 0; i < array.elements().size(); i++) {
                    Object element = array.elements().get(i);
                    if (array.afterEllipsis().get(i)) {
                        int found = -1;
                        for (int k = next; k < actual.size() && found < 0; k++) {
                            var trial = new ArrayList<String>();
                            compare(element, actual.get(k), path + "[" + k + "]", how, trial);
                            found = trial.isEmpty() ? k : -1;
                        }
                        if (found < 0) {
                            differences.add(path + ": no element from [" + next + "] on is like the README's element "
                                    + (i + 1));
                            return;
                        }
                        next = found + 1;
                    } else if (next >= actual.size()) {
                        differences.add(path + ": the README shows more elements than the answer's " + actual.size());
                        return;
                    } else {
                        compare(element, actual.get(next), path + "[" + next + "]", how, differences);
                        next++;
                    }
                }
                if (!array.open() && next != actual.size()) {
                    differences.add(path + ": " + (actual.size() - next)
                            + " element(s) in the answer after those the README shows (and no …)");
                }
            }
            case PText text -> {
                boolean texts = how != Compare.SHAPE;
                if (!actual.isString()) {
                    if (texts || actual.isContainer()) {
                        differences.add(path + ": text in the README, " + actual.getNodeType() + " in the answer");
                    }
                } else if (texts && !textMatches(decimals(text.text(), how), decimals(actual.asString(), how))) {
                    differences.add(path + ": \"" + text.text() + "\" in the README, \"" + actual.asString()
                            + "\" in the answer");
                }
            }
            case PScalar scalar -> {
                boolean checked = how == Compare.VALUES || (how == Compare.TEXTS && !(scalar.value() instanceof BigDecimal));
                if (actual.isContainer()) {
                    differences.add(path + ": " + scalar.value() + " in the README, " + actual.getNodeType()
                            + " in the answer");
                } else if (checked && !sameScalar(scalar.value(), actual)) {
                    differences.add(path + ": " + scalar.value() + " in the README, " + actual + " in the answer");
                }
            }
            default -> throw new IllegalStateException("unexpected pattern " + pattern);
        }
    }

    private static boolean sameScalar(Object shown, JsonNode actual) {
        if (shown == null) {
            return actual.isNull();
        }
        if (shown instanceof Boolean b) {
            return actual.isBoolean() && actual.booleanValue() == b;
        }
        return actual.isNumber() && actual.decimalValue().compareTo((BigDecimal) shown) == 0;
    }

    /** A JSON reader that also takes … as a value, a member or an element. */
    private static final class PatternParser {
        private final String text;
        private int at;

        PatternParser(String text) {
            this.text = text;
        }

        Object value() {
            skipSpace();
            char c = peek();
            if (text.startsWith(ELLIPSIS, at)) {
                at += ELLIPSIS.length();
                return Any.VALUE;
            }
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> new PText(string());
                default -> scalar();
            };
        }

        private PObject object() {
            at++;
            Map<String, Object> members = new LinkedHashMap<>();
            boolean open = false;
            skipSpace();
            if (peek() == '}') {
                at++;
                return new PObject(members, false);
            }
            while (true) {
                skipSpace();
                if (text.startsWith(ELLIPSIS, at)) {
                    at += ELLIPSIS.length();
                    open = true;
                } else {
                    String name = string();
                    skipSpace();
                    expect(':');
                    members.put(name, value());
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect('}');
                    return new PObject(members, open);
                }
            }
        }

        private PArray array() {
            at++;
            List<Object> elements = new ArrayList<>();
            List<Boolean> afterEllipsis = new ArrayList<>();
            boolean ellipsis = false;
            skipSpace();
            if (peek() == ']') {
                at++;
                return new PArray(elements, afterEllipsis, false);
            }
            while (true) {
                Object element = value();
                if (element == Any.VALUE) {
                    ellipsis = true;
                    skipSpace();
                    if (peek() != ',' && peek() != ']') {
                        // "…" on a line of its own, without a comma after it
                        continue;
                    }
                } else {
                    elements.add(element);
                    afterEllipsis.add(ellipsis);
                    ellipsis = false;
                }
                skipSpace();
                if (peek() == ',') {
                    at++;
                } else {
                    expect(']');
                    return new PArray(elements, afterEllipsis, ellipsis);
                }
            }
        }

        private String string() {
            expect('"');
            var value = new StringBuilder();
            while (peek() != '"') {
                char c = text.charAt(at++);
                if (c == '\\') {
                    char escaped = text.charAt(at++);
                    value.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> escaped;
                    });
                } else {
                    value.append(c);
                }
            }
            at++;
            return value.toString();
        }

        private PScalar scalar() {
            int start = at;
            while (at < text.length() && ",}] \n\t".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String token = text.substring(start, at);
            return switch (token) {
                case "true" -> new PScalar(Boolean.TRUE);
                case "false" -> new PScalar(Boolean.FALSE);
                case "null" -> new PScalar(null);
                default -> {
                    try {
                        yield new PScalar(new BigDecimal(token));
                    } catch (NumberFormatException e) {
                        throw new AssertionError("not JSON near \"" + token + "\" in the README's example: " + text);
                    }
                }
            };
        }

        void end() {
            skipSpace();
            if (at != text.length()) {
                throw new AssertionError("more than one JSON value in the README's example: " + text);
            }
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw new AssertionError("expected '" + c + "' at " + at + " of the README's example: " + text);
            }
            at++;
        }

        private char peek() {
            if (at >= text.length()) {
                throw new AssertionError("the README's example ends early: " + text);
            }
            return text.charAt(at);
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
