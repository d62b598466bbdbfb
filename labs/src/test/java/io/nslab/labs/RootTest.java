package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.nslab.cli.check.NodeExec;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;

/**
 * A node's root, mounts and files on the kernel: with the default root a node that writes,
 * deletes or renames under /etc, /usr and /root leaves the machine's files byte-identical and
 * the other node unaware; two nodes write one path and each reads its own; a read-only bind
 * refuses writes, a tmpfs is the node's own; a directory root (a busybox tree built here) is
 * the node's "/", for exec and checks alike; and after down nothing is left (no layers mount,
 * no overlay, no state).
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootTest {
    static final List<String> WATCHED = List.of("/etc/debian_version", "/etc/issue", "/usr/bin/env", "/root/.bashrc");
    Path tmp;
    String lab;
    NodeExec exec;
    final java.util.Map<String, byte[]> before = new java.util.LinkedHashMap<>();

    @BeforeAll
    void up() throws Exception {
        lab = Nslab.uniqueName();
        tmp = Files.createTempDirectory("nst-root");
        for (String f : WATCHED) if (Files.exists(Path.of(f))) before.put(f, Files.readAllBytes(Path.of(f)));
        Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(tmp.resolve("shared/note"), "from the machine\n");
        // A tiny root: busybox (static) and its applets as links, nothing else.
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("bin"));
        Files.createDirectories(tree.resolve("etc"));
        Files.copy(Path.of("/bin/busybox"), tree.resolve("bin/busybox"));
        for (String applet : List.of("sh", "cat", "ls", "echo", "test", "ping", "stat", "printf")) {
            Files.createSymbolicLink(tree.resolve("bin/" + applet), Path.of("busybox"));
        }
        Files.writeString(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nsvc:x:4242:4343::/:/bin/sh\n");
        Files.writeString(tree.resolve("etc/group"), "root:x:0:\nsvc:x:4343:\n");
        Files.writeString(tree.resolve("etc/os-release"), "ID=busybox-tree\n");
        String json = ("{'name':'" + lab + "','bridges':{'br0':{'subnet':'10.231.0.0/24'}},'nodes':{"
                + "'a':{'interfaces':{'eth0':{'bridge':'br0'}},"
                + "  'mounts':[{'source':'shared','target':'/srv/shared','readonly':true},{'type':'tmpfs','target':'/var/run/frr'}],"
                + "  'files':{'/etc/frr/frr.conf':{'content':'hostname a\\n','mode':'0640','owner':'nobody:nogroup'},'/var/run/frr/pid':'1'}},"
                + "'b':{'interfaces':{'eth0':{'bridge':'br0'}},'mounts':[{'type':'tmpfs','target':'/var/run/frr'}]},"
                + "'t':{'interfaces':{'eth0':{'bridge':'br0'}},'root':'tree','files':{'/etc/motd':{'content':'tiny','owner':'svc'}}}},"
                + "'checks':[{'from':'t','ping':'a'},{'from':'t','exec':'cat /etc/os-release','expect':{'stdout_contains':'busybox-tree'}}]}")
                .replace('\'', '"');
        Path file = tmp.resolve(lab + ".json");
        Files.writeString(file, json);
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(0, up.code(), up.toString());
        exec = new NodeExec(StateDir.of(lab), RunningLab.of(StateDir.of(lab)).plan());
    }

    @AfterAll
    void down() throws Exception {
        var footprint = LabTraces.footprint(lab);
        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), down.toString());
        LabTraces.assertNone("root lab", footprint);
        // this lab's: another test's lab may be up or going down meanwhile
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + StateDir.of(lab).layers() + " "), "a layers tmpfs left");
        try (var files = Files.walk(tmp)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    record Result(int code, String out) {}

    Result sh(String node, String script) throws Exception {
        // the whole script's stderr on stdout: a redirection that fails (a read-only bind) is reported
        // before a trailing 2>&1 of its own command would apply
        Process p = exec.start(node, List.of("sh", "-c", "{ " + script + "\n} 2>&1"));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), script + " did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void writesDeletesAndRenamesStayInTheNode() throws Exception {
        Result r = sh("a", "echo a > /etc/nst-root-test && rm -f /etc/debian_version /usr/bin/env && mv /etc/issue /root/issue"
                + " && echo junk >> /root/.bashrc && ls /etc/debian_version");
        assertNotEquals(0, r.code(), "the node's rm did not delete its view: " + r.out());
        for (var e : before.entrySet()) assertArrayEquals(e.getValue(), Files.readAllBytes(Path.of(e.getKey())), e.getKey() + " changed on the machine");
        assertFalse(Files.exists(Path.of("/etc/nst-root-test")), "a node's write reached the machine's /etc");
        assertNotEquals(0, sh("b", "cat /etc/nst-root-test").code(), "node b sees node a's file");
        assertEquals(0, sh("b", "test -e /etc/debian_version && test -x /usr/bin/env").code(), "node b lost what node a deleted");
        // the machine sees the node's writes in its upper layer, as docker diff would
        assertTrue(Files.exists(StateDir.of(lab).layers().resolve("a/upper/etc/nst-root-test")));
    }

    /**
     * A node's /etc/hosts is a view of the lab's one file (an overlay), not a copy: stored once
     * whatever the lab's size, and still the node's own: an edit is copied up into the node's
     * layer and seen nowhere else. A directory root gets the same view.
     */
    @Test
    void etcHostsIsAViewOfTheLabsFileAndAnEditStaysInTheNode() throws Exception {
        StateDir state = StateDir.of(lab);
        String labs = Files.readString(state.hosts());
        for (String node : List.of("a", "b", "t")) {
            Result mount = sh(node, "grep ' /etc/hosts ' /proc/self/mountinfo");
            assertTrue(mount.out().contains(" - overlay ") && mount.out().contains("lowerdir=" + state.hosts().getParent()), node + ": " + mount.out());
        }
        assertEquals(0, sh("b", "echo '10.231.0.99 nst-only-b' >> /etc/hosts").code());
        assertEquals(labs + "10.231.0.99 nst-only-b\n", sh("b", "cat /etc/hosts").out());
        assertEquals(labs, sh("a", "cat /etc/hosts").out());
        assertEquals(labs, sh("t", "cat /etc/hosts").out());
        assertEquals(labs, Files.readString(state.hosts()));
        // the copy is b's alone, in its layer; a's is still the lab's file
        assertEquals(labs + "10.231.0.99 nst-only-b\n", Files.readString(state.layers().resolve("b/etc-hosts/upper/hosts")));
        assertFalse(Files.exists(state.layers().resolve("a/etc-hosts/upper/hosts")));
        try (var files = Files.list(state.hosts().getParent())) {
            assertEquals(List.of(state.hosts()), files.toList(), "the lab's directory of its hosts file holds nothing else");
        }
    }

    @Test
    void twoNodesWriteOnePathAndEachReadsItsOwn() throws Exception {
        assertEquals(0, sh("a", "echo from-a > /etc/nst-same").code());
        assertEquals(0, sh("b", "echo from-b > /etc/nst-same").code());
        assertEquals("from-a\n", sh("a", "cat /etc/nst-same").out());
        assertEquals("from-b\n", sh("b", "cat /etc/nst-same").out());
    }

    @Test
    void readOnlyBindsRefuseWritesAndTmpfsIsTheNodesOwn() throws Exception {
        assertEquals("from the machine\n", sh("a", "cat /srv/shared/note").out());
        Result w = sh("a", "echo x > /srv/shared/new");
        assertNotEquals(0, w.code());
        assertTrue(w.out().contains("Read-only"), w.out());
        assertFalse(Files.exists(tmp.resolve("shared/new")));
        assertEquals("1", sh("a", "cat /var/run/frr/pid").out());
        assertNotEquals(0, sh("b", "cat /var/run/frr/pid").code(), "node b sees node a's tmpfs");
        // /tmp and /run are the node's own, empty: the machine's are not there
        assertEquals(0, sh("a", "echo x > /tmp/nst-t && test -z \"$(ls /run | grep -v frr)\"").code());
        assertFalse(Files.exists(Path.of("/tmp/nst-t")));
    }

    @Test
    void filesHaveTheirModeAndOwner() throws Exception {
        assertEquals("640 nobody hostname a\n", sh("a", "printf '%s %s ' $(stat -c '%a %U' /etc/frr/frr.conf); cat /etc/frr/frr.conf").out());
        assertEquals("4242 4343\n", sh("t", "stat -c '%u %g' /etc/motd").out());
    }

    @Test
    void aDirectoryRootIsTheNodesSlash() throws Exception {
        assertEquals("ID=busybox-tree\n", sh("t", "cat /etc/os-release").out());
        assertNotEquals(0, sh("t", "test -e /usr/bin/env").code(), "the machine's /usr in a directory root");
        // its own minimal /dev: no block devices, only the harmless ones
        assertEquals("fd full null ptmx pts random shm stderr stdin stdout tty urandom zero",
                sh("t", "ls /dev").out().trim().replaceAll("\\s+", " "));
        Nslab.Run check = Nslab.run("check", lab);
        assertEquals(0, check.code(), check.toString());
        assertFalse(Files.readString(Path.of("/etc/os-release")).contains("busybox-tree"));
        assertTrue(Witness.run("cat", "/proc/self/mountinfo").contains(" nslab-layers "));
    }
}
