package io.nslab.cli.doctor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

class DoctorTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();

    @Test
    void effectiveUidIsTheSecondUidField() {
        assertEquals(1000, Machine.effectiveUid("Name:\tx\nUid:\t0\t1000\t0\t0\nGid:\t0\t0\t0\t0\n"));
        assertEquals(-1, Machine.effectiveUid("Name:\tx\n"));
    }

    @Test
    void mountPointOfFindsTheFileSystemTypeAfterTheSeparator() {
        String mountinfo = "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
                + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw\n";
        assertEquals("/sys/fs/cgroup/unified", Machine.mountPointOf("cgroup2", mountinfo));
        assertEquals("/sys/fs/cgroup", Machine.mountPointOf("tmpfs", mountinfo));
        assertNull(Machine.mountPointOf("cgroup", mountinfo));
    }

    @Test
    void aFindingBlocksOnlyWhenRequiredAndMissing() {
        assertTrue(Finding.missing("x", true, "d", "f").blocks());
        assertFalse(Finding.missing("x", false, "d", "f").blocks());
        assertFalse(Finding.note("x", "d", "f").blocks());
        assertFalse(Doctor.allRequiredOk(List.of(Finding.ok("a", true, "d"), Finding.missing("x", true, "d", "f"))));
        assertTrue(Doctor.allRequiredOk(List.of(Finding.ok("a", true, "d"), Finding.missing("curl", false, "d", "f"))));
    }

    @Test
    @KernelTest
    void aForwardChainWithPolicyDropIsNamedAndNothingIsChanged() {
        NetNs ns = throwaway.create();
        // Inside a throwaway netns, "the machine's ruleset" is that namespace's: the doctor reads its own thread's.
        assertEquals(Finding.Status.OK, ns.call(() -> HostFirewall.forwardPolicy(true)).status());
        Witness.run("ip", "netns", "exec", ns.name(), "nft", "add", "table", "ip", "filter");
        Witness.run("ip", "netns", "exec", ns.name(), "nft", "add", "chain", "ip", "filter", "FORWARD",
                "{ type filter hook forward priority 0; policy drop; }");
        String before = Witness.run("ip", "netns", "exec", ns.name(), "nft", "list", "ruleset");
        Finding f = ns.call(() -> HostFirewall.forwardPolicy(true));
        assertEquals(Finding.Status.NOTE, f.status());
        assertFalse(f.required());
        assertTrue(f.detail().contains("with --on-host, lab traffic the machine forwards is dropped by default by chain ip filter FORWARD (policy drop)"), f.detail());
        assertNotNull(f.fix());
        assertEquals(before, Witness.run("ip", "netns", "exec", ns.name(), "nft", "list", "ruleset"), "read-only");
    }

    @Test
    @KernelTest
    void aDeadDoctorsNetnsIsSweptAndALiveOnesIsNot() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Process live = new ProcessBuilder("sleep", "30").start();
        String deadName = KernelProbe.PREFIX + dead.pid(), liveName = KernelProbe.PREFIX + live.pid();
        try {
            NetNs.create(deadName).close();
            NetNs.create(liveName).close();
            KernelProbe.sweepStale();
            assertFalse(NetNs.exists(deadName));
            assertTrue(NetNs.exists(liveName));
        } finally {
            live.destroyForcibly().waitFor();
            NetNs.delete(deadName);
            NetNs.delete(liveName);
        }
    }
}
