package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PairSampleTest {
    static List<String> nodes(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) names.add("n" + i);
        return names;
    }

    @Test
    void theSameSeedDrawsTheSamePairsAndAnotherOthers() {
        List<String> names = nodes(100);
        PairSample a = PairSample.draw(names, names, 50, 42), b = PairSample.draw(names, names, 50, 42);
        assertEquals(a, b);
        assertNotEquals(a.pairs(), PairSample.draw(names, names, 50, 43).pairs());
        assertEquals(100 * 99, a.of());
        assertEquals(42, a.seed());
        assertFalse(a.whole());
    }

    @Test
    void nPairsNoneTwiceNoneToItselfInTheLabsOrder() {
        List<String> names = nodes(30);
        for (int n : List.of(1, 10, 434, 435, 436, 869, 870)) { // drawn one by one, and below and above half: shuffled
            PairSample s = PairSample.draw(names, names, n, n);
            assertEquals(Math.min(n, 870), s.pairs().size(), "n=" + n);
            assertEquals(s.pairs().size(), new HashSet<>(s.pairs()).size(), "none twice, n=" + n);
            assertTrue(s.pairs().stream().noneMatch(p -> p.source().equals(p.target())), "n=" + n);
            Comparator<PingPair> fileOrder = Comparator.comparingInt((PingPair p) -> names.indexOf(p.source())).thenComparingInt(p -> names.indexOf(p.target()));
            assertEquals(s.pairs().stream().sorted(fileOrder).toList(), s.pairs(), "n=" + n);
        }
        assertTrue(PairSample.draw(names, names, 870, 1).whole());
        assertTrue(PairSample.draw(names, names, 5000, 1).whole());
        assertThrows(IllegalArgumentException.class, () -> PairSample.draw(names, names, 0, 1));
    }

    @Test
    void aSourceThatIsNoTargetPingsEveryTarget() {
        // c pings from a shared namespace and has no address of its own: a source only.
        PairSample s = PairSample.draw(List.of("a", "b", "c"), List.of("a", "b"), 100, 7);
        assertEquals(4, s.of());
        assertEquals(List.of(new PingPair("a", "b"), new PingPair("b", "a"), new PingPair("c", "a"), new PingPair("c", "b")), s.pairs());
    }

    @Test
    void everyPairIsAsLikelyAsAnother() {
        // One pair of 4 nodes' 12, drawn with 6,000 seeds: each about 500 times.
        List<String> names = nodes(4);
        Map<PingPair, Integer> counts = new HashMap<>();
        for (long seed = 0; seed < 6000; seed++) counts.merge(PairSample.draw(names, names, 1, seed).pairs().get(0), 1, Integer::sum);
        assertEquals(12, counts.size());
        counts.forEach((pair, count) -> assertTrue(count > 400 && count < 600, pair + ": " + count));
    }
}
