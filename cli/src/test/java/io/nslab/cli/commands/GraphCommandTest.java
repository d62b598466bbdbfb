package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.render.Graphviz;

class GraphCommandTest {
    static final String BRIDGE = CommandRun.LABS.resolve("bridge.json").toString();

    @Test
    void dotByDefault() {
        CommandRun r = nslab("graph", BRIDGE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("graph \"bridge\" {"), r.out());
        assertTrue(r.out().contains("label=\"client\neth0 172.20.0.2/24\""), r.out());
        assertTrue(r.out().contains("host -- node_isp [ label=\"wan0 - eth0\""), r.out());
    }

    @Test
    void theGraphLabelIsQuoted() {
        // Unquoted, `label=lab bridge;` made dot draw a stray node named "bridge".
        CommandRun r = nslab("graph", BRIDGE);
        assertTrue(r.out().contains("label=\"lab bridge\";"), r.out());
        assertTrue(!r.out().contains("layout="), "a small lab keeps dot's rows: " + r.out());
    }

    @Test
    void aBigLabIsDrawnAsAStarAroundItsBridge(@TempDir Path dir) throws Exception {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            nodes.append(i == 0 ? "" : ",").append("\"n").append(i).append("\": {\"interfaces\": {\"eth0\": {\"bridge\": \"br0\"}}}");
        }
        Path lab = dir.resolve("big.json");
        Files.writeString(lab, "{\"name\": \"big\", \"bridges\": {\"br0\": {\"subnet\": \"10.9.0.0/24\"}}, \"nodes\": {" + nodes + "}}");
        CommandRun r = nslab("graph", lab.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layout=twopi;") && r.out().contains("root=bridge_br0;"), r.out());
        if (Graphviz.locate(System.getenv("PATH")).isEmpty()) return;
        // Drawn for real: about as tall as wide, not one row 6,000 points wide.
        Path svg = dir.resolve("big.svg");
        assertEquals(0, nslab("graph", "--format", "svg", "-o", svg.toString(), lab.toString()).code());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<svg width=\"(\\d+)pt\" height=\"(\\d+)pt\"")
                .matcher(Files.readString(svg));
        assertTrue(m.find(), "no size in the svg");
        int width = Integer.parseInt(m.group(1)), height = Integer.parseInt(m.group(2));
        assertTrue(width < 2 * height && height < 2 * width, width + " x " + height + " points");
    }

    @Test
    void mermaid() {
        CommandRun r = nslab("graph", "--format", "mermaid", BRIDGE);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("flowchart TB\n"), r.out());
        assertTrue(r.out().contains("node_web[\"web<br/>eth0 172.20.0.10/24<br/>publish 8080:80/tcp<br/>http :80\"]"), r.out());
    }

    @Test
    void svgThroughGraphvizWhenInstalled(@TempDir Path dir) throws Exception {
        if (Graphviz.locate(System.getenv("PATH")).isEmpty()) {
            CommandRun r = nslab("graph", "--format", "svg", BRIDGE);
            assertEquals(3, r.code());
            assertTrue(r.err().contains("needs Graphviz's `dot` on PATH"), r.err());
            return;
        }
        Path out = dir.resolve("lab.svg");
        CommandRun r = nslab("graph", "--format", "svg", "-o", out.toString(), BRIDGE);
        assertEquals(new CommandRun(0, "", ""), r);
        String svg = Files.readString(out);
        assertTrue(svg.contains("<svg") && svg.contains("172.20.0.10/24"), svg);
    }

    @Test
    void svgWithoutGraphvizIsTheSystemRefusing() {
        assertTrue(Graphviz.locate("/nonexistent:").isEmpty());
        NslabException e = assertThrows(NslabException.class, () -> Graphviz.svg("graph {}", "/nonexistent"));
        assertEquals(ExitCode.SYSTEM, e.exitCode());
        assertTrue(e.getMessage().contains("apt-get install graphviz"), e.getMessage());
    }

    @Test
    void aBadFormatIsUsage() {
        assertEquals(2, nslab("graph", "--format", "png", BRIDGE).code());
    }
}
