package io.somactl.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Breaks valid events the ways producers and attackers do, at random (the caller's seeded Random):
 * a field dropped or duplicated, a value of the wrong type, numbers out of range or on a boundary,
 * strings that miss the pattern or are hostile, unknown fields, nested objects, truncation, garbage.
 */
final class EventMutator {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> NUMBERS = List.of(
            "0",
            "-0",
            "0.0",
            "-0.0",
            "1",
            "1.0",
            "1.5",
            "-1",
            "-0.5",
            "1e2",
            "1E+2",
            "1e-400",
            "-1e-400",
            "1e400",
            "-1e400",
            "1.0e-400",
            "5",
            "5.0000000000000000001",
            "0.99999999999999999999",
            "1.00000000000000000001",
            "4294967295",
            "4294967296",
            "4294967295.5",
            "4294967295.0000000001",
            "-2147483648",
            "-2147483649",
            "2147483647",
            "2147483648",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999",
            "-0.0000000000000000001",
            "0.001",
            "1e-7",
            "2.5e+3",
            "123456789012345678901234567890.5",
            "1e308",
            "1.7976931348623157e309",
            "4.9e-325",
            "-1",
            "1e-9999999999");
    private static final List<String> HOSTILE = List.of(
            "\"acme\\\"corp\"",
            "\"acme'; DROP TABLE x; --\"",
            "\"a\\\\b\"",
            "\"acme\\ncorp\"",
            "\"acme\\n\"",
            "\"acme\\u0000\"",
            "\"acme\\u202Eproc\"",
            "\"\"",
            "\"acm\u00e9\"",
            "\"\ud83d\ude00\"",
            "\"\\ud83d\\ude00\"",
            "\"a\\ud800\"",
            "\"\\udc00x\"",
            "\"a\\ud800\\ud800\"",
            "\"x\u2028y\"",
            "\"\\u0085\"",
            "\"a b\"",
            "\"..acme\"",
            "\"" + "a".repeat(70) + "\"",
            "\"" + "b".repeat(5000) + "\"",
            "\"\\t\"",
            "\"\u00e9\u00e9\"",
            "\"\ud83d\ude00\ud83d\ude00\"",
            "\"https://x.example/a\"",
            "\"http://user@x\"",
            "\"http://x/\\u00a0\"",
            "\"2023-11-16T18:15:46.680Z\\n\"",
            "\"2023-11-16T18:15:46.680Z\"",
            "\"f723024d-cc59-49e7-a5f1-ec09b98c8e80\"");
    private static final List<String> OTHER_VALUES = List.of(
            "null",
            "true",
            "false",
            "{}",
            "[]",
            "[1,2]",
            "{\"a\":1}",
            "{\"a\":{\"b\":[1,2.5,\"x\",null,true]}}",
            "\"12\"",
            "\"voice\"",
            "\"text\"",
            "\"ok\"",
            "[{}]",
            "{\"a\":1,\"b\":{\"c\":1,\"c\":2}}",
            "{\"a\":1e400,\"b\":-0.0,\"c\":12345678901234567890}");
    private static final List<String> NAMES = List.of(
            "input_tokns",
            "",
            "a b",
            "a'b",
            "9lives",
            "_x",
            "é",
            "a.b",
            "\\u0000",
            "x\\ny",
            "ev\\u202Eil",
            "a\\\"b",
            "tenant ",
            "TENANT");

    private final Random random;

    EventMutator(Random random) {
        this.random = random;
    }

    /** One mutation of a valid event's JSON text, as bytes. */
    byte[] mutate(String validJson) {
        List<String[]> fields = fields(validJson);
        if (fields.isEmpty()) {
            fields.add(new String[] {pick(NAMES), anyValue()});
        }
        int what = random.nextInt(13);
        switch (what) {
            case 0 -> fields.remove(random.nextInt(fields.size()));
            case 1 -> {
                String[] f = fields.get(random.nextInt(fields.size()));
                fields.add(random.nextInt(fields.size() + 1), new String[] {f[0], anyValue()});
            }
            case 2 -> set(fields, anyValue());
            case 3, 4 -> set(fields, pick(NUMBERS));
            case 5, 6 -> set(fields, pick(HOSTILE));
            case 7 -> set(fields, mutatedString(fields));
            case 8 -> fields.add(random.nextInt(fields.size() + 1), new String[] {pick(NAMES), anyValue()});
            case 9 -> set(fields, pick(OTHER_VALUES));
            case 10 -> {
                byte[] bytes = join(fields).getBytes(StandardCharsets.UTF_8);
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 11 -> {
                byte[] bytes = join(fields).getBytes(StandardCharsets.UTF_8);
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
            default -> {
                String text = join(fields);
                String[] wrappers = {
                    "[" + text + "]",
                    text + " " + text,
                    text + "x",
                    " \n" + text + "\t",
                    "\ufeff" + text,
                    text.replace(":", " : "),
                    text.substring(0, text.length() - 1) + ",}",
                    "null",
                    "\"x\"",
                    "12",
                    "",
                    "   ",
                    "{}",
                    "{\"a\":NaN}",
                    "{\"a\":01}",
                    "/*c*/" + text
                };
                return pick(List.of(wrappers)).getBytes(StandardCharsets.UTF_8);
            }
        }
        return join(fields).getBytes(StandardCharsets.UTF_8);
    }

    private String anyValue() {
        return switch (random.nextInt(3)) {
            case 0 -> pick(NUMBERS);
            case 1 -> pick(HOSTILE);
            default -> pick(OTHER_VALUES);
        };
    }

    private String mutatedString(List<String[]> fields) {
        String[] f = fields.get(random.nextInt(fields.size()));
        String value = f[1];
        if (!value.startsWith("\"") || value.length() < 3) {
            return pick(HOSTILE);
        }
        StringBuilder s = new StringBuilder(value.substring(1, value.length() - 1));
        int at = random.nextInt(s.length() + 1);
        String[] inserts = {"-", ".", "x", "Z", "0", " ", "é", "\\n", "@", "/", ":", "\\ud800", "\ud83d\ude00", "9", "T"
        };
        switch (random.nextInt(3)) {
            case 0 -> s.insert(at, pick(List.of(inserts)));
            case 1 -> {
                if (at < s.length() && s.charAt(at) != '\\') {
                    s.setCharAt(at, "aZ9-.:_/@é".charAt(random.nextInt(10)));
                }
            }
            default -> s.setLength(Math.min(at, s.length()));
        }
        String text = s.toString();
        if (text.endsWith("\\") && !text.endsWith("\\\\")) {
            text = text + "\\";
        }
        f[1] = "\"" + text + "\"";
        return f[1];
    }

    private void set(List<String[]> fields, String value) {
        fields.get(random.nextInt(fields.size()))[1] = value;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The event's top-level fields as {name as JSON text, value as JSON text}, in order. */
    static List<String[]> fields(String json) {
        try {
            JsonNode event = JSON.readTree(json);
            List<String[]> fields = new ArrayList<>();
            for (var it = event.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.add(new String[] {
                    JSON.writeValueAsString(e.getKey()).replaceAll("^\"|\"$", ""),
                    e.getValue().toString()
                });
            }
            return fields;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    static String join(List<String[]> fields) {
        StringBuilder json = new StringBuilder("{");
        for (String[] f : fields) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(f[0]).append("\":").append(f[1]);
        }
        return json.append('}').toString();
    }
}
