package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.topology.model.Lab;
import io.nslab.topology.parse.LabError;
import io.nslab.topology.model.Mount;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.NodeFile;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Steps;

/** A node's root, mounts and files: read relative to the lab file, checked before anything is made, in the Plan. */
class RootKeysTest {
    @TempDir
    Path dir;

    private Lab lab(String nodes) {
        return LabParser.parse(("{'name':'fs','nodes':{" + nodes + "}}").replace('\'', '"'), "test", dir);
    }

    private Map<String, String> errors(String nodes) {
        LabException e = assertThrows(LabException.class, () -> lab(nodes));
        return e.errors().stream().collect(Collectors.toMap(LabError::path, LabError::message, (a, b) -> a + " | " + b));
    }

    @Test
    void overlayIsTheDefaultHostAndDirectoriesAreAsked() throws IOException {
        Files.createDirectories(dir.resolve("tree/etc"));
        Lab lab = lab("'a':{},'b':{'root':'host'},'c':{'root':'tree'},'d':{'namespaces':['uts']}");
        assertEquals(Node.ROOT_OVERLAY, lab.nodes().get("a").root());
        assertEquals(Node.ROOT_HOST, lab.nodes().get("b").root());
        assertEquals(dir.resolve("tree").toString(), lab.nodes().get("c").root());
        // no mount namespace of its own: nothing to put a root in
        assertEquals(Node.ROOT_HOST, lab.nodes().get("d").root());
    }

    @Test
    void mountsAndFilesReadEveryForm() throws IOException {
        Files.createDirectories(dir.resolve("shared"));
        Files.createDirectories(dir.resolve("r1"));
        Files.writeString(dir.resolve("r1/frr.conf"), "hostname r1\n");
        Lab lab = lab("'a':{'mounts':[{'source':'shared/','target':'/srv','readonly':true},{'type':'tmpfs','target':'/var/run/frr'}],"
                + "'files':{'/etc/motd':'hello','/etc/frr/daemons':{'content':'zebra=yes','mode':'0640','owner':'frr:frr'},"
                + "'/etc/frr/frr.conf':{'source':'r1/frr.conf'}}}");
        Node a = lab.nodes().get("a");
        assertEquals(List.of(new Mount(dir.resolve("shared").toString(), "/srv", true), new Mount(null, "/var/run/frr", false)), a.mounts());
        assertEquals(List.of(new NodeFile("/etc/motd", "hello", "0644", null), new NodeFile("/etc/frr/daemons", "zebra=yes", "0640", "frr:frr"),
                new NodeFile("/etc/frr/frr.conf", "hostname r1\n", "0644", null)), a.files());
        Plan plan = PlanCompiler.compile(lab, false);
        Steps.StartNode start = (Steps.StartNode) plan.steps().stream().filter(s -> s instanceof Steps.StartNode).findFirst().orElseThrow();
        assertEquals(a.files(), start.files());
        assertEquals(a.mounts(), start.mounts());
        assertTrue(plan.steps().contains(new Steps.MountLayers()));
        assertEquals(plan, Plan.fromJson(plan.toJson()));
    }

    @Test
    void aLabOfHostRootsNeedsNoLayers() {
        Plan plan = PlanCompiler.compile(lab("'a':{'root':'host'},'b':{'namespaces':['uts'],'root':'host'}"), false);
        assertTrue(plan.steps().stream().noneMatch(s -> s instanceof Steps.MountLayers));
    }

    @Test
    void everyProblemAtOnceWithItsPath() {
        Map<String, String> e = errors("'a':{'root':'nowhere','mounts':[{'source':'missing','target':'srv'},{'type':'tmpfs','source':'x','target':'/a/../b'},"
                + "{'source':'/','target':'/ro','readonly':true},{'type':'nfs','target':'/n'}],"
                + "'files':{'relative':'x','/ro/f':'x','/m':{'mode':'999','owner':'a b','content':'x'},'/n':{}}},"
                + "'h':{'root':'host','files':{'/etc/x':'y'}},'u':{'namespaces':['uts'],'root':'overlay'}");
        assertTrue(e.get("nodes.a.root").contains("is not a directory"), e.toString());
        assertTrue(e.get("nodes.a.mounts[0].source").contains("does not exist"), e.toString());
        assertTrue(e.get("nodes.a.mounts[0].target").contains("absolute"), e.toString());
        assertTrue(e.get("nodes.a.mounts[1].source").contains("a tmpfs has no source"), e.toString());
        assertTrue(e.get("nodes.a.mounts[1].target").contains("no . or .."), e.toString());
        assertTrue(e.get("nodes.a.mounts[3].type").contains("not a mount type"), e.toString());
        assertTrue(e.get("nodes.a.files.relative").contains("absolute"), e.toString());
        assertTrue(e.get("nodes.a.files[\"/ro/f\"]").contains("read-only mount on /ro"), e.toString());
        assertTrue(e.get("nodes.a.files[\"/m\"].mode").contains("not a file mode"), e.toString());
        assertTrue(e.get("nodes.a.files[\"/m\"].owner").contains("not an owner"), e.toString());
        assertTrue(e.get("nodes.a.files[\"/n\"]").contains("content"), e.toString());
        assertTrue(e.get("nodes.h.files").contains("written on the machine"), e.toString());
        assertTrue(e.get("nodes.u.root").contains("mount namespace"), e.toString());
    }

    @Test
    void aHostRootsMountTargetMustExistOnTheMachineAnOwnRootMakesIt() {
        String missing = dir.resolve("not-made").toString();
        Map<String, String> e = errors("'h':{'root':'host','mounts':[{'type':'tmpfs','target':'" + missing + "'},{'type':'tmpfs','target':'" + dir + "'}]}");
        assertTrue(e.get("nodes.h.mounts[0].target").contains(missing + " does not exist on the machine"), e.toString());
        assertEquals(1, e.size(), "an existing target is fine: " + e);
        // with a root of its own the target is made in the node's view
        assertEquals(1, lab("'o':{'mounts':[{'type':'tmpfs','target':'" + missing + "'}]}").nodes().get("o").mounts().size());
    }
}
