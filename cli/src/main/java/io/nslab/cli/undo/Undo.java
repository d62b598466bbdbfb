package io.nslab.cli.undo;

import io.nslab.core.Processes;
import io.nslab.sys.NsFiles;
import io.nslab.cli.kernel.KernelHandles;
import io.nslab.cli.up.NodeRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.netlink.nft.NfTables;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.Sysctl;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.topology.plan.CgroupPaths;
import io.nslab.topology.plan.Netns;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * Undoes what a journal says was (or may have been) done, latest first, tolerating objects
 * that are already gone: the one way both {@code down} and a failed {@code up} clean up.
 *
 * <p>Order: the journaled processes first (the supervisor, then every node init), since a
 * process or socket in a namespace keeps it alive; then the inverses of the journaled steps in
 * reverse; last, whatever else still lives in the lab's namespaces (what a crashed or killed
 * {@code up} started but never journaled). A link or NAT table inside a namespace the lab
 * itself created is not deleted on its own: deleting the namespace takes it along, one call
 * instead of hundreds. Every failure is collected and the undo goes on; the caller reports them.
 */
public final class Undo {
    private static final Duration CAPTURE_GRACE = Duration.ofSeconds(3);
    private final List<JournalEntry> entries;
    private final NodeRunner nodes;
    private final List<String> problems = new ArrayList<>();
    private Cgroups cgroups;

    public Undo(List<JournalEntry> entries, NodeRunner nodes) {
        this.entries = List.copyOf(entries);
        this.nodes = nodes;
    }

    /** Undoes everything; returns what could not be undone (empty: all is gone). */
    public List<String> run() {
        Set<Integer> absent = new HashSet<>();
        Map<Integer, JournalEntry.Done> done = new LinkedHashMap<>();
        List<ProcessStamp> inits = new ArrayList<>();
        ProcessStamp supervisor = null;
        List<ProcessStamp> captures = new ArrayList<>();
        for (JournalEntry e : entries) {
            if (e instanceof JournalEntry.Absent a) absent.add(a.step());
            if (e instanceof JournalEntry.Done u) done.put(u.step(), u);
            if (e instanceof JournalEntry.Started p) {
                if (p.what().equals(JournalEntry.SUPERVISOR)) supervisor = p.process();
                else if (p.what().equals(JournalEntry.CAPTURE)) captures.add(p.process());
                else inits.add(p.process());
            }
        }
        List<JournalEntry.Done> undo = new ArrayList<>();
        for (JournalEntry.Done u : done.values()) if (!absent.contains(u.step())) undo.add(u);
        Collections.reverse(undo);

        Set<String> ownNetns = new LinkedHashSet<>();
        for (JournalEntry.Done u : undo) if (u.inverse() instanceof Steps.DeleteNetns d) ownNetns.add(d.name());

        stopCaptures(captures);
        stopProcesses(supervisor, inits);
        Set<Long> inodes = new HashSet<>(); // taken while the namespaces still have their names
        for (String ns : ownNetns) {
            Long inode = NsFiles.inodeOrNull(Path.of(Netns.path(ns)));
            if (inode != null) inodes.add(inode);
        }
        try (KernelHandles kernel = new KernelHandles()) {
            for (JournalEntry.Done u : undo) {
                Step inverse = u.inverse();
                try {
                    inverse.accept(new UndoOne(kernel, u.old(), ownNetns));
                } catch (RuntimeException ex) {
                    problems.add(describe(inverse) + ": " + ex.getMessage());
                }
            }
        }
        stopStrays(inodes);
        return problems;
    }

    /**
     * Running captures first: a capture holds packet sockets in the lab's namespaces (keeping
     * them alive) and ends its file on SIGTERM, which takes it well under the grace given.
     */
    private void stopCaptures(List<ProcessStamp> captures) {
        if (captures.isEmpty()) return;
        try {
            io.nslab.core.Nodes.stopAll(captures, CAPTURE_GRACE);
        } catch (RuntimeException e) {
            problems.add("stop the captures: " + e.getMessage());
        }
    }

    private void stopProcesses(ProcessStamp supervisor, List<ProcessStamp> inits) {
        if (supervisor != null) {
            try {
                io.nslab.cli.services.Supervisor.stop(supervisor);
            } catch (RuntimeException e) {
                problems.add("stop the services supervisor (PID " + supervisor.pid() + "): " + e.getMessage());
            }
        }
        try {
            nodes.stop(inits);
        } catch (RuntimeException e) {
            problems.add("stop the node inits: " + e.getMessage());
        }
    }

    /**
     * What a crashed or killed up started but could not journal, found by the namespace it is in
     * (by inode: the names are gone). Looked for once the namespaces' names are gone: a node init
     * still on its way into one (started for an up that was killed meanwhile) has joined it by
     * then or can no longer, so one look finds them all; the namespaces end with them.
     */
    private void stopStrays(Set<Long> inodes) {
        if (!Processes.killAll(Processes.inNetns(inodes))) problems.add("processes still running in the lab's namespaces");
    }

    /**
     * Undoes one journaled inverse. A link, NAT table or impairment inside a namespace the lab
     * itself created goes with it; processes were stopped first, from their journaled stamps.
     */
    private final class UndoOne extends Step.UndoVisitor<Void> {
        private final KernelHandles kernel;
        private final String old;
        private final Set<String> ownNetns;

        UndoOne(KernelHandles kernel, String old, Set<String> ownNetns) {
            this.kernel = kernel;
            this.old = old;
            this.ownNetns = ownNetns;
        }

        /** Whether {@code netns} is gone already, or will be with the lab's namespaces: nothing to do in it. */
        private boolean goesWith(String netns) {
            return ownNetns.contains(netns) || !Netns.isCurrent(netns) && !NetNs.exists(netns);
        }

        public Void deleteNetns(Steps.DeleteNetns d) {
            kernel.release(d.name());
            NetNs.delete(d.name());
            return null;
        }

        public Void deleteLink(Steps.DeleteLink d) {
            if (goesWith(d.netns())) return null;
            Rtnetlink rt = kernel.rtnetlink(d.netns());
            try {
                rt.deleteLink(d.name());
            } catch (SysException e) {
                if (e.errno() != Errno.ENODEV && e.errno() != Errno.ENOENT) throw e;
            }
            return null;
        }

        public Void deleteNatTable(Steps.DeleteNatTable d) {
            if (goesWith(d.netns())) return null;
            try (NfTables nft = NfTables.open(kernel.netns(d.netns()))) {
                nft.deleteTable(d.table());
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
            if (goesWith(c.netns())) return null; // qdiscs, filter and tap go with the namespace
            try {
                io.nslab.cli.impair.LiveImpair.clear(kernel.netns(c.netns()), kernel.rtnetlink(c.netns()), c.ifname());
            } catch (SysException e) {
                // journaled before it was made: absent is undone (OnHostEveryStepTest, fail at ImpairEgress)
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENODEV) throw e;
            }
            return null;
        }

        public Void stopNode(Steps.StopNode s) { return null; }

        public Void stopServices(Steps.StopServices s) { return null; }

        public Void unmountLayers(Steps.UnmountLayers s) {
            io.nslab.cli.up.NodeLayers.unmount(Path.of(s.path())); // after the nodes: they were stopped first
            return null;
        }
    }

    /**
     * Removes a cgroup once the processes are stopped (they were, first: a cgroup with a process
     * in it cannot be removed; what is still there is killed), and the shared {@code nslab}
     * directory with the lab's when no other lab is in it.
     */
    private void removeCgroup(String path) {
        if (cgroups == null) cgroups = Cgroups.detect();
        cgroups.remove(path);
        if (CgroupPaths.isLab(path)) cgroups.removeIfEmpty(CgroupPaths.TOP);
    }

    private static String describe(Step s) {
        return s.getClass().getSimpleName() + " " + s;
    }
}
