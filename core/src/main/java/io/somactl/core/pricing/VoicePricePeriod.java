package io.somactl.core.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The voice pipeline rates from {@code effectiveFrom}: speech-to-text per second or per minute of
 * audio (vendors such as Deepgram publish per-minute prices), the voice LLM per 1M input/output
 * tokens, text-to-speech per 1,000 characters, and media transport per minute, with how the media
 * vendor rounds a connection's minutes.
 */
public record VoicePricePeriod(
        Instant effectiveFrom,
        BigDecimal sttPrice,
        SttUnit sttUnit,
        BigDecimal llmInputPerMillion,
        BigDecimal llmOutputPerMillion,
        BigDecimal ttsPerThousandCharacters,
        BigDecimal mediaPerMinute,
        MediaRounding mediaRounding) {
    public VoicePricePeriod {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(sttPrice, "sttPrice");
        Objects.requireNonNull(sttUnit, "sttUnit");
        Objects.requireNonNull(llmInputPerMillion, "llmInputPerMillion");
        Objects.requireNonNull(llmOutputPerMillion, "llmOutputPerMillion");
        Objects.requireNonNull(ttsPerThousandCharacters, "ttsPerThousandCharacters");
        Objects.requireNonNull(mediaPerMinute, "mediaPerMinute");
        Objects.requireNonNull(mediaRounding, "mediaRounding");
    }

    /** The unit an STT price is quoted in: its catalog key and its length in seconds. */
    public enum SttUnit {
        SECOND("stt_per_second", 1, "USD per second"),
        MINUTE("stt_per_minute", 60, "USD per minute");

        private final String key;
        private final int seconds;
        private final String unit;

        SttUnit(String key, int seconds, String unit) {
            this.key = key;
            this.seconds = seconds;
            this.unit = unit;
        }

        public String key() {
            return key;
        }

        public int seconds() {
            return seconds;
        }

        public String unit() {
            return unit;
        }
    }

    /**
     * How media minutes are billed. {@code per_started_minute} (LiveKit: "each individual resource
     * usage is rounded up to the minimum increment", 1 minute) rounds a priced connection's seconds up
     * to whole minutes; it applies where one usage is a whole connection ({@code cost estimate
     * --voice}), never to one turn of a call (see docs/pricing.md).
     */
    public enum MediaRounding {
        NONE("none"),
        PER_STARTED_MINUTE("per_started_minute");

        private final String key;

        MediaRounding(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Optional<MediaRounding> byKey(String key) {
            return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
        }
    }
}
