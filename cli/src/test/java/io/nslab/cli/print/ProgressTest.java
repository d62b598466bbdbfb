package io.nslab.cli.print;

import io.nslab.cli.print.Progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The progress line: what it says, that it rewrites itself in place, waits before it shows, and leaves nothing. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static Map<String, Integer> totals(Object... whatThenCount) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < whatThenCount.length; i += 2) m.put((String) whatThenCount[i], (Integer) whatThenCount[i + 1]);
        return m;
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLineCountsEachThingDoneOfHowManyAndLeavesOutWhatThereIsNoneOf() {
        Progress p = new Progress(out, 60_000);
        p.start("up bridge", totals("namespaces", 4, "links", 6, "nodes", 3, "services", 0));
        assertEquals("up bridge: namespaces 0/4, links 0/6, nodes 0/3", p.line());
        p.advance("namespaces", 4);
        p.advance("links");
        p.advance("nodes", 7); // never over the total
        p.advance(null); // a step not counted
        p.advance("routes");
        assertEquals("up bridge: namespaces 4/4, links 1/6, nodes 3/3", p.line());
        p.close();
        assertEquals("", written(), "closed before its second: nothing shown, nothing to erase");
    }

    @Test
    void aLineWiderThanATerminalIsCut() {
        Progress p = new Progress(out, 60_000);
        p.start("up " + "a-lab-with-a-rather-long-name".repeat(2), totals("namespaces", 1000, "links", 2000, "nodes", 1000, "services", 1));
        assertEquals(Progress.WIDTH, p.line().length());
        assertTrue(p.line().endsWith("..."), p.line());
    }

    @Test
    void shownItIsRewrittenInPlaceThenErased() throws Exception {
        Progress p = new Progress(out, 0);
        p.start("down bridge", totals("namespaces", 2, "nodes", 1));
        assertEquals("\rdown bridge: namespaces 0/2, nodes 0/1\033[K", written(), "at once");
        p.advance("nodes");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!written().contains("nodes 1/1") && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(written().endsWith("\rdown bridge: namespaces 0/2, nodes 1/1\033[K"), written());
        p.close();
        assertTrue(written().endsWith("nodes 1/1\033[K\r\033[K"), "erased: " + written());
        String closed = written();
        p.advance("namespaces", 2);
        Thread.sleep(3 * Progress.EVERY_MS);
        p.close();
        assertEquals(closed, written(), "nothing after close");
    }

    @Test
    void theDelayComesFromTheEnvironmentOrIsASecond() {
        assertEquals(1000, Progress.afterMs(null));
        assertEquals(0, Progress.afterMs("0"));
        assertEquals(250, Progress.afterMs(" 250 "));
        assertEquals(1000, Progress.afterMs("soon"));
        assertEquals(0, Progress.afterMs("-5"));
    }
}
