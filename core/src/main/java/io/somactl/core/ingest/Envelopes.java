package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import java.nio.charset.StandardCharsets;

/**
 * Recognizes the envelope line {@code archive} and {@code generate} write,
 * {@code {"topic":"NAME","event":…}} with nothing else around, by its bytes; anything written
 * otherwise (other spacing or key order, escapes) is left to a full JSON parser.
 */
final class Envelopes {
    private static final Topic[] TOPICS = Topic.values();
    private static final byte[][] PREFIXES = new byte[TOPICS.length][];

    static {
        for (Topic topic : TOPICS) {
            PREFIXES[topic.ordinal()] =
                    ("{\"topic\":\"" + topic.topicName() + "\",\"event\":").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Envelopes() {}

    /**
     * The topic of an envelope line {@code bytes[from, to)} (trailing whitespace already cut) whose
     * event is an object from {@link #eventStart} to {@code to - 1}; null for any other line.
     */
    static Topic topic(byte[] bytes, int from, int to) {
        if (to - from < 14 || bytes[to - 1] != '}') {
            return null;
        }
        for (Topic topic : TOPICS) {
            byte[] prefix = PREFIXES[topic.ordinal()];
            if (to - from > prefix.length + 2
                    && bytes[from + prefix.length] == '{'
                    && startsWith(bytes, from, prefix)) {
                return topic;
            }
        }
        return null;
    }

    /** Where the event starts, from the line's start. */
    static int eventStart(Topic topic) {
        return PREFIXES[topic.ordinal()].length;
    }

    private static boolean startsWith(byte[] bytes, int from, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
