package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.core.InitBinary;
import io.nslab.core.ProcCaps;
import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.topology.model.Capability;

/**
 * A node is a container, not root on the machine: a default node's root keeps Docker's default
 * capabilities, NET_ADMIN and SYS_ADMIN, held in a user namespace of the node's own that owns its
 * namespaces (it configures its own network and mounts in its own mount namespace; it cannot set
 * the machine's clock, make a device or lift the container's masks), for its init and for what
 * `nslab exec` runs in it; a privileged node, and exec --privileged, have every capability of the
 * machine's root. Witnesses: the commands' own errors, /proc/PID/status and lsns. The lab is
 * labs/caps.json under a name of its own.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapabilitiesTest {
    Path tmp;
    String lab;
    final ProcCaps machine = ProcCaps.self();

    @BeforeAll
    void up() throws Exception {
        lab = Nslab.uniqueName();
        tmp = Files.createTempDirectory("nst-caps");
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/caps.json"), lab, tmp);
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(0, up.code(), up.toString());
    }

    @AfterAll
    void down() throws Exception {
        LabTraces.downLeavingNothing("caps lab", lab, tmp);
    }

    record Result(int code, String out) {}

    /** sh -c SCRIPT in the node as nslab exec runs it (privileged: exec --privileged), stderr with stdout. */
    Result run(String node, boolean privileged, String script) throws Exception {
        ProcessStamp init = RunningLab.inits(StateDir.of(lab)).get(node);
        List<String> argv = InitBinary.execCommand(init, List.of("sh", "-c", script + " 2>&1"), Map.of(), false, false, List.of(), privileged);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
        return new Result(p.exitValue(), out);
    }

    Result run(String node, String script) throws Exception {
        return run(node, false, script);
    }

    ProcCaps init(String node) {
        return ProcCaps.of(RunningLab.inits(StateDir.of(lab)).get(node).pid());
    }

    /** The machine's CLOCK_REALTIME minus CLOCK_MONOTONIC, in ms: it moves only when someone sets the clock. */
    static long clockOffset() throws Exception {
        double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        return System.currentTimeMillis() - (long) (uptime * 1000);
    }

    @Test
    void aDefaultNodeCannotSetTheMachinesClock() throws Exception {
        long before = clockOffset();
        // the time it is now, to the second: were the node allowed, the machine's clock would barely move
        Result date = run("box", "date -s @$(date +%s)");
        assertNotEquals(0, date.code(), date.toString());
        assertTrue(date.out().contains("Operation not permitted"), "EPERM: " + date);
        assertTrue(Math.abs(clockOffset() - before) < 1500, "the machine's clock is unchanged");
    }

    @Test
    void aDefaultNodeConfiguresItsOwnNetwork() throws Exception {
        Result net = run("box", "ip link add d0 type veth peer name d1 && ip route add 10.89.0.0/24 via 172.25.0.1"
                + " && sysctl -w net.ipv4.ip_forward=1 && cat /proc/sys/net/ipv4/ip_forward && ping -c1 -W2 bare");
        assertEquals(0, net.code(), net.toString());
        assertTrue(net.out().contains("1 received"), net.toString());
        Result witness = run("box", "ip -o link show d0; ip route show 10.89.0.0/24");
        assertTrue(witness.out().contains("d0@d1") && witness.out().contains("via 172.25.0.1"), witness.toString());
    }

    @Test
    void aDefaultNodeHasDockersSetNetAdminAndSysAdminInItsInitAndInExec() throws Exception {
        long expected = Capability.mask(Capability.NODE_DEFAULT) & machine.effective();
        assertEquals(new ProcCaps(expected, expected), init("box"));
        Result self = run("box", "grep -E '^(CapEff|CapBnd|CapInh|CapAmb|NoNewPrivs)' /proc/self/status");
        String hex = String.format("%016x", expected);
        assertTrue(self.out().contains("CapEff:\t" + hex) && self.out().contains("CapBnd:\t" + hex), self.toString());
        assertTrue(self.out().contains("CapInh:\t0000000000000000") && self.out().contains("CapAmb:\t0000000000000000"), self.toString());
        assertTrue(self.out().contains("NoNewPrivs:\t1"), self.toString());
        // drop ALL, add one: that one alone, in the bounding set too
        long raw = 1L << Capability.NET_RAW.ordinal();
        assertEquals(new ProcCaps(raw, raw), init("bare"));
        assertTrue(run("bare", "grep CapEff /proc/self/status").out().contains(String.format("%016x", raw)));
    }

    @Test
    void aDefaultNodeHoldsItsCapabilitiesInAUserNamespaceOfItsOwnThatOwnsItsNetwork() throws Exception {
        String machineUser = Files.readSymbolicLink(Path.of("/proc/self/ns/user")).toString();
        long boxInit = RunningLab.inits(StateDir.of(lab)).get("box").pid();
        String boxUser = Files.readSymbolicLink(Path.of("/proc/" + boxInit + "/ns/user")).toString();
        assertNotEquals(machineUser, boxUser, "box's init is in a user namespace of its own");
        assertNotEquals(boxUser, Files.readSymbolicLink(Path.of("/proc/" + RunningLab.inits(StateDir.of(lab)).get("bare").pid() + "/ns/user")).toString());
        // every id mapped to itself: files keep their owners, root is uid 0 (witness: the kernel's map)
        assertEquals("0 0 4294967295", Files.readString(Path.of("/proc/" + boxInit + "/uid_map")).strip().replaceAll("\\s+", " "));
        // its network namespace is owned by it (witness: lsns's owner column, from the machine)
        String owner = io.nslab.netlink.testing.Witness.run("nsenter", "--net=/proc/" + boxInit + "/ns/net", "sh", "-c", "lsns -n -t net -o ONS -p $$").strip();
        assertEquals(boxUser.replaceAll("\\D", ""), owner);
        // what runs in it by nslab exec is there too; exec --privileged stays the machine's root
        assertEquals(boxUser, run("box", "readlink /proc/self/ns/user").out().strip());
        assertEquals(machineUser, run("box", true, "readlink /proc/self/ns/user").out().strip());
    }

    @Test
    void aDefaultNodesSysAdminStopsAtItsOwnNamespaces() throws Exception {
        // it mounts in its own mount namespace ...
        Result mount = run("box", "mkdir -p /tmp/m && mount -t tmpfs t /tmp/m && grep -c ' /tmp/m ' /proc/self/mountinfo && umount /tmp/m");
        assertEquals("1\n", mount.out(), mount.toString());
        // ... but cannot lift a mask, make /proc/sys or /sys writable, mount a /proc or /sys that shows what
        // they hide, or make a device: the container's mounts were made by the machine's root, and are locked
        for (String script : List.of("umount /sys/firmware", "umount -l /proc/timer_list", "mount -o remount,rw /proc/sys",
                "mount -o remount,rw /sys", "mkdir -p /tmp/m && mount -t proc proc /tmp/m", "mkdir -p /tmp/m && mount -t sysfs sysfs /tmp/m", "mknod /tmp/disk b 8 0")) {
            Result r = run("box", script);
            assertNotEquals(0, r.code(), script + ": " + r);
        }
        assertEquals("0\n", run("box", "wc -c < /proc/timer_list").out());
        // its own hostname, not the machine's (the node's UTS namespace is owned by its user namespace);
        // witness: the machine's UTS namespace as the kernel has it (Java caches its host name)
        Path machineName = Path.of("/proc/sys/kernel/hostname");
        String machine = Files.readString(machineName);
        Result name = run("clock", "hostname clock2 && hostname");
        assertEquals("clock2\n", name.out(), name.toString());
        assertEquals(machine, Files.readString(machineName));
        // SYS_TIME added in its user namespace does not reach the machine's clock
        long before = clockOffset();
        Result date = run("clock", "date -s @$(date +%s)");
        assertTrue(date.code() != 0 && date.out().contains("Operation not permitted"), date.toString());
        assertTrue(Math.abs(clockOffset() - before) < 1500, "the machine's clock is unchanged");
    }

    @Test
    void aPrivilegedNodeAndExecPrivilegedHaveEveryCapability() throws Exception {
        assertEquals(machine.effective(), init("root").effective());
        assertEquals(machine.bounding(), init("root").bounding());
        Result inRoot = run("root", "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status");
        assertTrue(inRoot.out().contains("CapEff:\t" + machine.effectiveHex()) && inRoot.out().contains("NoNewPrivs:\t0"), inRoot.toString());
        Result teacher = run("box", true, "grep -E '^(CapEff|NoNewPrivs)' /proc/self/status");
        assertTrue(teacher.out().contains("CapEff:\t" + machine.effectiveHex()) && teacher.out().contains("NoNewPrivs:\t0"), teacher.toString());
    }

    @Test
    void aDefaultNodesProcAndSysAreAContainers() throws Exception {
        // (where the kernel has a SysRq key: it may have none, nor /proc/kcore)
        Result sysrq = run("box", "(echo h > /proc/sysrq-trigger); echo \"exit $?\"");
        boolean sysrqHere = Files.exists(Path.of("/proc/sysrq-trigger"));
        assertTrue(sysrq.out().contains(sysrqHere ? "Read-only file system" : "Directory nonexistent") && sysrq.out().contains("exit 2"), sysrq.toString());
        // the UTS namespace's name through /proc/sys: read-only; /proc/sys/net: the node's own, writable
        Result hostname = run("box", "(echo other > /proc/sys/kernel/hostname); echo \"exit $?\"; hostname");
        assertTrue(hostname.out().contains("Read-only file system") && hostname.out().endsWith("box\n"), hostname.toString());
        assertEquals(0, run("box", "echo 1 > /proc/sys/net/ipv4/conf/all/forwarding").code());
        // the machine's timers and keys: empty (/dev/null, as /proc/kcore where there is one); its firmware: an empty directory
        assertTrue(Files.readAllBytes(Path.of("/proc/timer_list")).length > 0);
        assertEquals("0\n0\n0\n", run("box", "wc -c < /proc/timer_list; wc -c < /proc/keys; ls /sys/firmware | wc -l").out());
        Result sys = run("box", "touch /sys/x; echo \"exit $?\"");
        assertTrue(sys.out().contains("Read-only file system"), sys.toString());
        // a /dev of its own: no block device, no machine console; the harmless devices, its own terminals
        Result dev = run("box", "find /dev -type b | wc -l; ls /dev | tr '\\n' ' '; grep -c ' /dev/pts .* - devpts ' /proc/self/mountinfo; echo x > /dev/null && head -c 4 /dev/urandom | wc -c");
        assertEquals("0\nfd full null ptmx pts random shm stderr stdin stdout tty urandom zero 1\n4\n", dev.out(), dev.toString());
        // the privileged node sees them as they are
        assertNotEquals("0", run("root", "find /dev -type b -o -type c | wc -l").out().strip());
        assertNotEquals("0", run("root", "ls /sys/firmware | wc -l").out().strip());
        assertNotEquals(0, run("root", "grep -q ' /proc/sys ' /proc/self/mountinfo").code(), "no /proc/sys mount of its own");
    }

    @Test
    void inspectShowsTheCapabilities() {
        Nslab.Run box = Nslab.run("inspect", "-l", lab, "--json", "box");
        assertEquals(0, box.code(), box.toString());
        JsonNode json = box.json();
        List<String> names = new ArrayList<>();
        json.get("capabilities").forEach(n -> names.add(n.asText()));
        assertTrue(names.contains("NET_ADMIN") && names.contains("NET_RAW") && names.contains("CHOWN"), names.toString());
        assertTrue(names.contains("SYS_ADMIN") && !names.contains("SYS_TIME") && !names.contains("SYS_MODULE"), names.toString());
        assertFalse(json.get("privileged").asBoolean());
        assertTrue(Nslab.run("inspect", "-l", lab, "--json", "root").json().get("privileged").asBoolean());
        String text = Nslab.run("inspect", "-l", lab, "bare").out();
        assertTrue(text.contains("capabilities (CapEff 0000000000002000): NET_RAW"), text);
    }
}
