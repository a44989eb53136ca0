package io.somactl.core.emit;

import io.somactl.core.events.Topic;

/**
 * A line that was not sent, and why: shown as {@code FILE:LINE: reason}.
 *
 * @param topic the topic it was meant for when known, else null
 */
public record InvalidLine(String source, long line, Topic topic, String reason) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + reason;
    }
}
