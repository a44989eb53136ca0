package io.somactl.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.scoring.AnomalyDetector.Observation;
import io.somactl.core.scoring.AnomalyDetector.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
    private static final Instant HOUR = Instant.parse("2023-11-23T18:00:00Z");
    private final AnomalyDetector detector = new AnomalyDetector(Settings.defaults());

    private static Map<Instant, Observation> series(double now, long count, double... previousDays) {
        Map<Instant, Observation> s = new HashMap<>();
        s.put(HOUR, new Observation(now, count));
        for (int d = 0; d < previousDays.length; d++) {
            s.put(HOUR.minus(Duration.ofDays(d + 1)), new Observation(previousDays[d], count));
        }
        return s;
    }

    @Test
    void medianAndMadOfTheSameHourOnPreviousDays() {
        // baseline 100,102,98,101,99,150,100: median 100, |dev| 0,2,2,1,1,50,0 -> MAD 1; scale max(1.4826, 5% of 100 =
        // 5) = 5
        var j = detector.judge(AnomalyMetric.LATENCY_P90_MS, series(130, 500, 100, 102, 98, 101, 99, 150, 100), HOUR)
                .orElseThrow();
        assertEquals(100, j.median(), 1e-12);
        assertEquals(5, j.scale(), 1e-12, "the relative floor wins over 1.4826 x MAD = 1.48");
        assertEquals(6.0, j.z(), 1e-12);
        assertTrue(j.flagged());
        assertEquals(7, j.baselineHours());
    }

    @Test
    void aWideBaselineUsesTheMad() {
        // baseline 100,120,80,110,90,100,100: median 100, |dev| 0,20,20,10,10,0,0 -> MAD 10 -> scale 14.826
        var j = detector.judge(AnomalyMetric.LATENCY_P90_MS, series(160, 500, 100, 120, 80, 110, 90, 100, 100), HOUR)
                .orElseThrow();
        assertEquals(14.826, j.scale(), 1e-9);
        assertEquals(60 / 14.826, j.z(), 1e-9);
        assertFalse(j.flagged(), "4.05 sigma is under the default threshold 5");
    }

    @Test
    void oneFreakDayInTheBaselineMovesNothing() {
        var calm = detector.judge(AnomalyMetric.LATENCY_P90_MS, series(100, 500, 100, 101, 99, 100, 100, 101, 99), HOUR)
                .orElseThrow();
        var freak = detector.judge(
                        AnomalyMetric.LATENCY_P90_MS, series(100, 500, 100, 101, 99, 100, 100, 101, 9999), HOUR)
                .orElseThrow();
        assertEquals(calm.median(), freak.median(), 1e-12);
        assertEquals(calm.scale(), freak.scale(), 1e-12);
    }

    @Test
    void ratesGetABinomialFloor() {
        // error rate 1.5% in every baseline hour: MAD 0; floor sqrt(0.015 * 0.985 / 1000) = 0.003844
        var j = detector.judge(AnomalyMetric.ERROR_RATE, series(0.03, 1000, 0.015, 0.015, 0.015, 0.015), HOUR)
                .orElseThrow();
        assertEquals(Math.sqrt(0.015 * 0.985 / 1000), j.scale(), 1e-12);
        assertEquals(0.015 / Math.sqrt(0.015 * 0.985 / 1000), j.z(), 1e-9);
        assertFalse(j.flagged(), "3% of 1000 requests against 1.5% is 3.9 standard errors: chance, not an anomaly");
        assertTrue(
                detector.judge(AnomalyMetric.ERROR_RATE, series(0.04, 1000, 0.015, 0.015, 0.015, 0.015), HOUR)
                        .orElseThrow()
                        .flagged(),
                "4% of 1000 against 1.5% is 6.5 standard errors");
    }

    @Test
    void onlyRisesAreFlagged() {
        var j = detector.judge(AnomalyMetric.LATENCY_P90_MS, series(10, 500, 100, 100, 100), HOUR)
                .orElseThrow();
        assertFalse(j.flagged());
        assertTrue(j.z() < 0);
    }

    @Test
    void tooFewEventsOrBaselineDaysAreNotJudged() {
        assertTrue(
                detector.judge(AnomalyMetric.LATENCY_P90_MS, series(900, 29, 100, 100, 100), HOUR)
                        .isEmpty(),
                "29 events < min count 30");
        assertTrue(
                detector.judge(AnomalyMetric.LATENCY_P90_MS, series(900, 500, 100, 100), HOUR)
                        .isEmpty(),
                "2 baseline days < 3");
        assertTrue(detector.judge(AnomalyMetric.LATENCY_P90_MS, Map.of(), HOUR).isEmpty());
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.5, AnomalyDetector.median(new double[] {4, 1, 3, 2}), 1e-12);
        assertEquals(3, AnomalyDetector.median(new double[] {5, 1, 3}), 1e-12);
    }
}
