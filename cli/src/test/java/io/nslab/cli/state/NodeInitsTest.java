package io.nslab.cli.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** "no node named X (nodes: ...)" names a small lab's nodes, and a big lab's first few. */
class NodeInitsTest {
    @Test
    void aSmallLabsNodesAreAllNamed() {
        assertEquals("client, isp, web", NodeInits.listed(List.of("client", "isp", "web"), "bridge"));
    }

    @Test
    void aBigLabsAreCutShortWithWhereToFindTheRest() {
        List<String> nodes = IntStream.rangeClosed(1, 10_000).mapToObj(i -> "n" + i).toList();
        String listed = NodeInits.listed(nodes, "big");
        assertEquals(String.join(", ", nodes.subList(0, NodeInits.LISTED)) + ", and 9980 more: nslab status big lists them", listed);
    }
}
