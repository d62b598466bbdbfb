package io.nslab.cli.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NeighbourWindowTest {
    private final List<List<String>> deleted = new ArrayList<>();
    private boolean closed;

    private final NeighbourWindow.Deleter recorder = new NeighbourWindow.Deleter() {
        @Override public void delete(List<NeighbourWindow.Entry> entries) {
            deleted.add(entries.stream().map(e -> e.netnsPath() + " " + e.ifname() + " " + e.address()).toList());
        }
        @Override public void close() { closed = true; }
    };

    private static NeighbourWindow.Group pair(String a, String b) {
        return new NeighbourWindow.Group(List.of(new NeighbourWindow.Entry(a, "eth0", b), new NeighbourWindow.Entry(b, "eth0", a)), 2);
    }

    @Test
    void pairsWaitForRoomAndTheirEntriesAreFreedOnceBothWaysAreAnswered() {
        NeighbourWindow.Group ab = pair("a", "b"), ac = pair("a", "c"), bc = pair("b", "c");
        NeighbourWindow.Group routed = new NeighbourWindow.Group(List.of(), 1);
        // pings: a>b b>a a>c c>a (routed a>x) b>c c>b
        NeighbourWindow w = new NeighbourWindow(4, new NeighbourWindow.Group[] {ab, ab, ac, ac, routed, bc, bc}, recorder);

        assertTrue(w.admit(0) && w.admit(1) && w.admit(2) && w.admit(3));
        assertEquals(4, w.held());
        assertTrue(w.admit(4), "a routed ping costs no entry");
        assertFalse(w.admit(5), "no room for a third pair");
        assertFalse(w.beforeWait(), "nothing answered yet: nothing to free");

        w.finished(0);
        assertFalse(w.beforeWait(), "half a pair frees nothing: b>a may still need the entries");
        w.finished(1);
        w.finished(4);
        assertTrue(w.beforeWait());
        assertEquals(List.of(List.of("a eth0 b", "b eth0 a")), deleted);
        assertEquals(2, w.held());
        assertTrue(w.admit(5) && w.admit(6));

        w.finished(2);
        w.finished(3);
        w.finished(5);
        w.finished(6);
        w.close();
        assertEquals(List.of("a eth0 c", "c eth0 a", "b eth0 c", "c eth0 b"), deleted.get(1));
        assertEquals(0, w.held());
        assertTrue(closed);
    }

    @Test
    void aGroupLargerThanTheBudgetStillGoesWhenNothingIsHeld() {
        NeighbourWindow.Group big = pair("a", "b");
        NeighbourWindow w = new NeighbourWindow(1, new NeighbourWindow.Group[] {big, big}, recorder);
        assertTrue(w.admit(0), "else the run could never go on");
    }

    @Test
    void aPingThatNeverWentOutDoesNotKeepItsPairOpen() {
        NeighbourWindow.Group ab = pair("a", "b");
        NeighbourWindow w = new NeighbourWindow(4, new NeighbourWindow.Group[] {ab, ab}, recorder);
        w.finished(0); // a's socket could not be opened: finished without being admitted
        assertTrue(w.admit(1));
        w.finished(1);
        assertTrue(w.beforeWait());
        assertEquals(0, w.held());
    }
}
