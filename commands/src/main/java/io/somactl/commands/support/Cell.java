package io.somactl.commands.support;

import io.somactl.core.pricing.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One typed value of a {@link Table} row. A command says what a value is (money, a share, a
 * duration, a timestamp, …); the {@link TableRenderer} decides how it looks per output: the table
 * gets {@link #text()} (rounded, human), JSON and YAML get {@link #json()} (exact, typed, the same
 * for every run), CSV gets {@link #csv()} (exact, plain text). A plain Java value in a row (String,
 * Long, BigDecimal, …) is rendered as itself in every output.
 */
public interface Cell {
    /** What a person reads in the table. */
    String text();

    /** What JSON and YAML carry: a String, Number, Boolean or null. */
    Object json();

    /** What CSV carries (a BigDecimal is written plain, never in exponent form). */
    default Object csv() {
        return json();
    }

    /** How the table may colour it, when colours are on ({@link Colours}). */
    default Tone tone() {
        return Tone.PLAIN;
    }

    /** Colours for states; shown only on a terminal without NO_COLOR and TERM=dumb. */
    enum Tone {
        PLAIN,
        GOOD,
        WARNING,
        BAD
    }

    /** Any value shown one way to people and carried another way to scripts. */
    static Cell of(String text, Object json, Object csv, Tone tone) {
        return new Plain(text, json, csv, tone);
    }

    static Cell of(String text, Object json) {
        return new Plain(text, json, json, Tone.PLAIN);
    }

    /** A word coloured by what it means: {@code ok} good, {@code warn} warning, {@code down} bad. */
    static Cell state(String word, Tone tone) {
        return new Plain(word, word, word, tone);
    }

    /** US dollars, exact: {@code $1.23} in a table (rounded once, here), every digit in JSON and CSV. */
    static Cell money(BigDecimal usd) {
        return new Plain(usd == null ? null : Money.format(usd), usd, usd, Tone.PLAIN);
    }

    /** Like {@link #money} but carried as a JSON string ({@code "12.345000000000"}), for fields that always were one. */
    static Cell moneyString(BigDecimal usd) {
        String plain = usd == null ? null : usd.toPlainString();
        return new Plain(usd == null ? null : Money.format(usd), plain, plain, Tone.PLAIN);
    }

    /**
     * A catalog decimal exactly as written in a table and CSV ({@code 2.10}, {@code 0.00}); in JSON and
     * YAML the same value without trailing zeros ({@code 2.1}, {@code 0}), never in exponent form.
     */
    static Cell decimal(BigDecimal value) {
        if (value == null) {
            return new Plain(null, null, null, Tone.PLAIN);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        Object json = stripped.scale() <= 0 ? stripped.toBigIntegerExact() : stripped;
        return new Plain(value.toPlainString(), json, value, Tone.PLAIN);
    }

    /** A measured number shown with {@code pattern} ({@code %.1f}); its value unrounded in JSON and CSV. */
    static Cell number(Double value, String pattern) {
        return new Plain(value == null ? null : String.format(Locale.ROOT, pattern, value), value, value, Tone.PLAIN);
    }

    /** A share (0.125) shown as a percentage ({@code 12.5%}); the share itself in JSON and CSV. */
    static Cell share(Double share) {
        return new Plain(
                share == null ? null : String.format(Locale.ROOT, "%.1f%%", share * 100), share, share, Tone.PLAIN);
    }

    /** A duration shown in milliseconds ({@code 4.2 ms}, {@code 120 ms}); whole milliseconds in JSON and CSV. */
    static Cell duration(Duration duration) {
        return new Plain(
                duration == null ? null : Durations.millis(duration),
                duration == null ? null : duration.toMillis(),
                duration == null ? null : duration.toMillis(),
                Tone.PLAIN);
    }

    /** An instant in ISO-8601 UTC ({@code 2026-11-05T10:00:00Z}) in every output. */
    static Cell timestamp(Instant instant) {
        String text = instant == null ? null : instant.toString();
        return new Plain(text, text, text, Tone.PLAIN);
    }

    /** The cell a renderer makes of a plain value. */
    static Cell wrap(Object value) {
        if (value instanceof Cell cell) {
            return cell;
        }
        String text = value == null ? null : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        return new Plain(text, value, value, Tone.PLAIN);
    }

    /** The one implementation: text (null is shown as {@code -}), JSON value, CSV value, tone. */
    record Plain(String text, Object json, Object csv, Tone tone) implements Cell {}
}
