package io.nslab.cli.undo;

import io.nslab.cli.launch.CgroupTree;
import io.nslab.cli.kernel.KernelHandles;
import io.nslab.cli.state.LabMark;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.netlink.nft.NfTables;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.Sysctl;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.topology.plan.CgroupPaths;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * What one undo step does in the kernel (the counterpart of up's StepApplier), tolerating an
 * object that is gone already: for {@link Undo} (a failed {@code up}, {@code down}) and
 * {@link Sweep} (what a lab left without a journal) alike. Which inverses need no call of
 * their own is the {@link io.nslab.topology.plan.Teardown}'s to say, not this class's.
 */
final class UndoApplier {
    /** A lab's NAT table is nslab-LAB (Lab.natTableName). */
    private static final String NAT_TABLE_PREFIX = "nslab-";
    private final KernelHandles kernel;
    private Cgroups cgroups;

    UndoApplier(KernelHandles kernel) {
        this.kernel = kernel;
    }

    /** Runs {@code inverse}; {@code old} is the value its step found (a sysctl's), or null. */
    void apply(Step inverse, String old) {
        inverse.accept(new One(old));
    }

    private final class One extends Step.UndoVisitor<Void> {
        private final String old;

        One(String old) {
            this.old = old;
        }

        public Void deleteNetns(Steps.DeleteNetns d) {
            kernel.release(d.name());
            NetNs.delete(d.name());
            return null;
        }

        public Void deleteLink(Steps.DeleteLink d) {
            if (gone(d.netns())) return null;
            Rtnetlink rt = kernel.rtnetlink(d.netns());
            try {
                rt.deleteLink(d.name());
            } catch (SysException e) {
                if (e.errno() != Errno.ENODEV && e.errno() != Errno.ENOENT) throw e;
            }
            return null;
        }

        public Void deleteNatTable(Steps.DeleteNatTable d) {
            if (gone(d.netns())) return null;
            try (NfTables nft = NfTables.open(kernel.netns(d.netns()))) {
                nft.deleteTable(d.table());
                // A lab an older nslab made (before 2026-12) has its NAT in a table of family ip and
                // one of ip6 instead: those go too, but only as marked by that lab (the table's
                // comment), never someone else's table that merely has the name.
                for (NfTables.Table t : nft.tables()) {
                    if (t.family().equals("inet") || !t.name().equals(d.table())) continue;
                    if (LabMark.parse(t.comment()).filter(m -> d.table().equals(NAT_TABLE_PREFIX + m.lab())).isPresent()) {
                        nft.deleteTable(t.family(), t.name());
                    }
                }
            }
            return null;
        }

        public Void restoreSysctl(Steps.RestoreSysctl r) {
            if (old == null) return null; // never read, so never changed
            Sysctl.set(kernel.netns(r.netns()), r.key(), old);
            return null;
        }

        public Void deleteCgroup(Steps.DeleteCgroup c) {
            removeCgroup(c.path());
            return null;
        }

        public Void clearImpairment(Steps.ClearImpairment c) {
            if (gone(c.netns())) return null; // qdiscs, filter and tap went with the namespace
            try {
                io.nslab.cli.impair.LiveImpair.clear(kernel.netns(c.netns()), kernel.rtnetlink(c.netns()), c.ifname());
            } catch (SysException e) {
                // journaled before it was made: absent is undone (OnHostEveryStepTest, fail at ImpairEgress)
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENODEV) throw e;
            }
            return null;
        }

        // Processes are stopped from their journaled stamps, before any inverse runs (Undo).
        public Void stopNode(Steps.StopNode s) { return null; }

        public Void stopServices(Steps.StopServices s) { return null; }

        public Void unmountLayers(Steps.UnmountLayers s) {
            io.nslab.cli.state.NodeLayers.unmount(java.nio.file.Path.of(s.path())); // after the nodes: they were stopped first
            return null;
        }
    }

    /** Whether {@code netns} is gone already, and everything in it: nothing to do there. */
    private static boolean gone(String netns) {
        return !NetnsName.isCurrent(netns) && !NetNs.exists(netns);
    }

    /**
     * Removes a cgroup once the processes are stopped (they were, first: a cgroup with a process
     * in it cannot be removed; what is still there is killed), and the shared {@code nslab}
     * directory with the lab's when no other lab is in it.
     */
    private void removeCgroup(String path) {
        if (cgroups == null) cgroups = CgroupTree.here();
        cgroups.remove(path);
        if (CgroupPaths.isLab(path)) cgroups.removeIfEmpty(CgroupPaths.TOP);
    }
}
