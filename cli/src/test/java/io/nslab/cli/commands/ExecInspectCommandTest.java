package io.nslab.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.cli.state.JournalEntry;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.StateDir;
import io.nslab.core.NodeSpec;
import io.nslab.core.Nodes;
import io.nslab.core.NsKind;
import io.nslab.core.NsRef;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;

/**
 * nslab exec and nslab inspect against nodes started through core-ns, in a state root of the
 * test's own (the system property nslab.state), as `up` would have left it.
 */
@KernelTest
class ExecInspectCommandTest {
    @RegisterExtension final ThrowawayNetns netns = new ThrowawayNetns();

    private Path root;
    private final List<ProcessStamp> inits = new ArrayList<>();

    @BeforeEach
    void stateRoot() throws IOException {
        root = Files.createTempDirectory("nst-state-");
        System.setProperty("nslab.state", root.toString());
    }

    @AfterEach
    void cleanUp() throws IOException {
        System.clearProperty("nslab.state");
        for (ProcessStamp init : inits) Nodes.stop(init, Duration.ofSeconds(3));
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        for (ProcessStamp init : inits) assertFalse(Nodes.alive(init));
    }

    /** A lab that is up, with its nodes' inits recorded in its journal. */
    private StateDir lab(String name) throws IOException {
        StateDir state = StateDir.of(name);
        Files.createDirectories(state.nodesDir());
        Files.writeString(state.plan(), "{}"); // what marks a lab as up
        return state;
    }

    private ProcessStamp node(StateDir state, String node, String netnsPath) throws IOException {
        ProcessStamp init = Nodes.start(NodeSpec.basic(state.lab(), node, netnsPath));
        inits.add(init);
        try (Journal journal = Journal.append(state.journal())) {
            journal.record(new JournalEntry.Started(JournalEntry.node(node), init).line());
        }
        return init;
    }

    @Test
    void execRunsTheCommandInTheNodeAndReturnsItsExitCode() throws IOException {
        StateDir state = lab("nstx");
        node(state, "web", netns.create().path());
        Path witness = root.resolve("witness");
        // -l LAB may be left out when one lab is up; the command's output is the command's own
        // stdout, so it leaves its trace in a file.
        CommandRun run = CommandRun.nslab("exec", "web", "sh", "-c", "hostname > " + witness + "; exit 3");
        assertEquals(3, run.code(), run.err());
        assertEquals("web\n", Files.readString(witness));
        assertEquals(0, CommandRun.nslab("exec", "-l", "nstx", "web", "true").code());
    }

    @Test
    void optionsAfterTheNodeBelongToTheCommand() throws IOException {
        StateDir state = lab("nstx");
        node(state, "web", netns.create().path());
        // Were -l taken for nslab's, test(1) would see "= -l" and fail.
        CommandRun run = CommandRun.nslab("exec", "web", "test", "-l", "=", "-l");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void clearErrorsForLabsAndNodes() throws IOException {
        StateDir one = lab("nsta");
        node(one, "web", netns.create().path());
        lab("nstb");
        CommandRun which = CommandRun.nslab("exec", "web", "true");
        assertEquals(2, which.code());
        assertTrue(which.err().contains("2 labs are up (nsta, nstb): say which with -l LAB"), which.err());

        CommandRun noLab = CommandRun.nslab("exec", "-l", "nstc", "web", "true");
        assertEquals(2, noLab.code());
        assertTrue(noLab.err().contains("no lab named \"nstc\" is up"), noLab.err());

        CommandRun noNode = CommandRun.nslab("inspect", "-l", "nsta", "db");
        assertEquals(2, noNode.code());
        assertEquals("nslab: lab nsta has no node named \"db\" (nodes: web)\n", noNode.err());

        CommandRun noExecNode = CommandRun.nslab("exec", "-l", "nsta", "db", "true");
        assertEquals(2, noExecNode.code());
        assertEquals("nslab: lab nsta has no node named \"db\" (nodes: web)\n", noExecNode.err());
    }

    @Test
    void aNameWithASlashIsNoLabAndNoNode() throws IOException {
        // exec reads the named lab's and node's files directly: "../" must not lead out of them.
        StateDir one = lab("nsta");
        node(one, "web", netns.create().path());
        StateDir other = lab("nstb");
        node(other, "db", netns.create().path());
        CommandRun outOfLab = CommandRun.nslab("exec", "-l", "nsta", "../../nstb/nodes/db", "true");
        assertEquals(2, outOfLab.code());
        assertEquals("nslab: lab nsta has no node named \"../../nstb/nodes/db\" (nodes: web)\n", outOfLab.err());
        CommandRun outOfRoot = CommandRun.nslab("exec", "-l", "../" + root.getFileName() + "/nsta", "web", "true");
        assertEquals(2, outOfRoot.code());
        assertTrue(outOfRoot.err().startsWith("nslab: no lab named \"../"), outOfRoot.err());
        assertEquals(0, CommandRun.nslab("exec", "-l", "nstb", "db", "true").code());
    }

    @Test
    void aDeadNodeSaysSo() throws IOException {
        StateDir state = lab("nstx");
        ProcessStamp init = node(state, "web", netns.create().path());
        Nodes.stop(init, Duration.ofSeconds(3));
        CommandRun run = CommandRun.nslab("exec", "web", "true");
        assertEquals(3, run.code());
        assertTrue(run.err().startsWith("nslab: node web of lab nstx is not running (its init, PID " + init.pid() + ", has exited"), run.err());
    }

    @Test
    void inspectShowsTheInitAndEachNamespacesInode() throws IOException {
        StateDir state = lab("nstx");
        NetNs shared = netns.create();
        ProcessStamp web = node(state, "web", shared.path());
        node(state, "sidecar", shared.path());
        CommandRun text = CommandRun.nslab("inspect", "web");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("node web of lab nstx: init PID " + web.pid()), text.out());
        for (NsRef ns : Nodes.namespaces(web.pid()))
            assertTrue(text.out().matches("(?s).*\\n  " + ns.kind().procName() + " +-> " + java.util.regex.Pattern.quote(ns.display()) + " .*"), text.out());
        assertTrue(text.out().matches("(?s).*net +-> net:\\[" + shared.inode() + "\\] +shared with sidecar\n.*"), text.out());
        assertTrue(text.out().matches("(?s).*user +-> user:\\[\\d+\\] +the machine's\n.*"), text.out());
        assertTrue(text.out().matches("(?s).*uts +-> uts:\\[\\d+\\] +its own\n.*"), text.out());
        // Its interfaces, read from the netns its init is in (found without the plan): here only lo, said as such.
        assertTrue(text.out().contains("\ninterfaces: none but lo\ncapabilities "), text.out());

        CommandRun json = CommandRun.nslab("inspect", "--json", "web");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals(web.pid(), doc.get("pid").asInt());
        assertEquals(web.startTime(), doc.get("start_time").asLong());
        JsonNode net = doc.get("namespaces").get(NsKind.NET.ordinal());
        assertEquals("net", net.get("kind").asText());
        assertEquals(shared.inode(), net.get("inode").asLong());
        assertEquals("sidecar", net.get("shared_with").get(0).asText());
        assertEquals("[]", doc.get("interfaces").toString(), json.out());
    }
}
