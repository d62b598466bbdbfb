package io.nslab.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nslab.cli.probe.PingMatrix;
import io.nslab.cli.probe.ProbeResult;

class PingMatrixViewTest {
    @Test
    void aLargeFailureListIsCutShortAndCounted() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        Map<String, Map<String, ProbeResult>> results = new LinkedHashMap<>();
        for (String s : names) {
            Map<String, ProbeResult> row = new LinkedHashMap<>();
            for (String t : names) {
                if (!s.equals(t)) row.put(t, ProbeResult.timeout(Duration.ofMillis(5)));
            }
            results.put(s, row);
        }
        results.get("a").put("b", ProbeResult.ok(Duration.ofMillis(1), "reply from 10.0.0.2"));
        String text = PingMatrixView.text(new PingMatrix(names, names, results), Duration.ofMillis(1234));

        assertTrue(text.startsWith("a -> b X X X X\nb -> X X X X X\n"), text);
        assertEquals(PingMatrixView.LISTED_FAILURES, text.lines().filter(l -> l.endsWith(": timeout after 5 ms")).count());
        assertTrue(text.endsWith("... and 9 more failures (--json lists every pair)\npingall: 1/30 pairs answered, 29 failed, in 1234 ms\n"), text);
    }
}
