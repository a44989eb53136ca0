package io.somactl.core.reprice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepriceDiffTest {
    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    @Test
    void linesAddUpPerTenantAndModelExactlyAndTheTotalIsTheirSum() {
        RepriceDiff diff = new RepriceDiff();
        diff.add("beta", "m1", d("0.000000000001"), d("0.000000000003"), true);
        diff.add("acme", "m2", d("1.5"), d("1.5"), false);
        diff.add("acme", "m1", d("0.1"), d("0.2"), true);
        diff.add("acme", "m1", d("0.2"), d("0.4"), true);
        diff.add("acme", "m1", d("0.3"), d("0.3"), false);

        List<RepriceDiff.Line> lines = diff.lines();
        assertEquals(
                List.of("acme m1", "acme m2", "beta m1"),
                lines.stream().map(l -> l.tenant() + " " + l.model()).toList());
        RepriceDiff.Line acmeM1 = lines.get(0);
        assertEquals(3, acmeM1.events());
        assertEquals(2, acmeM1.changed());
        assertEquals(0, d("0.6").compareTo(acmeM1.oldCost()));
        assertEquals(0, d("0.9").compareTo(acmeM1.newCost()));
        assertEquals(0, d("0.3").compareTo(acmeM1.delta()));
        assertEquals(0, lines.get(1).delta().signum());
        assertEquals(0, d("0.000000000002").compareTo(lines.get(2).delta()), "no rounding, even at the 12th decimal");

        RepriceDiff.Line total = diff.total();
        assertEquals(5, total.events());
        assertEquals(3, total.changed());
        BigDecimal sumOfDeltas = lines.stream().map(RepriceDiff.Line::delta).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, sumOfDeltas.compareTo(total.delta()));
        assertEquals(0, total.newCost().subtract(total.oldCost()).compareTo(d("0.300000000002")));
        assertTrue(diff.changesAnything());
    }

    @Test
    void anEmptyOrUnchangedDiffChangesNothing() {
        RepriceDiff diff = new RepriceDiff();
        assertFalse(diff.changesAnything());
        assertEquals(0, diff.total().events());
        diff.add("acme", "m", d("2"), d("2.000"), false);
        assertFalse(diff.changesAnything());
        assertEquals(0, diff.total().delta().signum());
    }

    @Test
    void aTotalMayStayWhileItsPartsMove() {
        RepriceDiff diff = new RepriceDiff();
        diff.add("acme", "m", d("1"), d("1"), true);
        assertTrue(diff.changesAnything());
        assertEquals(0, diff.total().delta().signum());
    }
}
