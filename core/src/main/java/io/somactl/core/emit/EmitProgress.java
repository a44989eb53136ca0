package io.somactl.core.emit;

import java.time.Duration;

/**
 * How far a long emit has got, reported every few seconds.
 *
 * @param phase {@code validating} (strict mode's first pass, or a dry run) or {@code sending}
 * @param lines lines read so far (blank ones included)
 * @param invalid lines refused so far
 * @param acknowledged events the server has acknowledged so far
 */
public record EmitProgress(String phase, long lines, long invalid, long acknowledged, Duration elapsed) {}
