package io.nslab.cli.undo;

import io.nslab.cli.launch.CgroupTree;
import io.nslab.core.Processes;
import io.nslab.sys.NsFiles;
import io.nslab.cli.render.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.nslab.cli.state.LabMark;
import io.nslab.core.Nodes;
import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.nft.NfTables;
import io.nslab.netlink.route.Link;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.cli.kernel.KernelHandles;
import io.nslab.topology.plan.CgroupPaths;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Steps;

/**
 * Removes what a lab left in the kernel when no journal can say what it was: its state
 * directory was removed by hand, or its journal was written by another nslab. Objects are
 * found by the lab's {@link LabMark}, never by a name alone, so a look-alike that someone
 * else made survives:
 * <ol>
 *   <li>network namespaces under /run/netns whose {@code lo} has the mark as its alias;</li>
 *   <li>processes in them (by the inode of /proc/PID/ns/net: node inits and what they run) and
 *       processes whose environment carries the mark (the services supervisor, which lives in
 *       the machine's namespace and only holds sockets in the lab's); each is stopped by PID
 *       through a pidfd, after checking its start time, so a reused PID is never signalled;</li>
 *   <li>then the namespaces are deleted (unmounted and removed), and the lab's cgroups (whose
 *       extended attribute user.nslab.mark is the mark) with anything still in them;</li>
 *   <li>last, in the namespace nslab runs in (the machine's, for a lab brought up
 *       {@code --on-host}), bridges whose alias is the mark and nf_tables tables whose comment
 *       is: what outlives the lab's own namespaces.</li>
 * </ol>
 * Each object found is removed by the inverse step that a journal would have named for it,
 * run as {@code down} runs it ({@link UndoApplier}): one way to remove each kind of object.
 */
public final class Sweep {
    // What a lab left without its state gets no grace: a wait per process would add up over a big lab.
    private static final Duration GRACE = Duration.ZERO;

    /** What a sweep removed (one line per object) and what it could not. */
    public record Result(List<String> removed, List<String> problems) {}

    private Sweep() {}

    /** Everything of the labs of the current state root whose state directory is gone. */
    public static Result orphans() {
        return sweep(LabMark::orphaned, name -> true);
    }

    /** Everything that carries lab LAB's mark under the current state root. */
    public static Result lab(String lab) {
        LabMark mine = LabMark.of(lab);
        // The lab's namespaces are named LAB and LAB-NODE: only those need be opened to read their mark.
        return sweep(mine::equals, name -> name.equals(lab) || name.startsWith(lab + "-"));
    }

    private static Result sweep(Predicate<LabMark> which, Predicate<String> candidateName) {
        List<String> removed = new ArrayList<>(), problems = new ArrayList<>();
        Map<String, LabMark> namespaces = new LinkedHashMap<>();
        Map<Long, String> inodes = new LinkedHashMap<>();
        for (String name : NetNs.list()) {
            if (!candidateName.test(name)) continue;
            try (NetNs ns = NetNs.open(name); Rtnetlink rt = Rtnetlink.open(ns)) {
                Optional<LabMark> mark = LabMark.parse(rt.alias("lo"));
                if (mark.isPresent() && which.test(mark.get())) {
                    namespaces.put(name, mark.get());
                    inodes.put(ns.inode(), name);
                }
            } catch (RuntimeException e) {
                // not a namespace (a stale file), or one nslab cannot enter: not the lab's to touch
            }
        }
        // All at once (one SIGTERM round, one wait over every pidfd), then a line for each.
        List<Found> found = processes(inodes, namespaces, which);
        String failure = null;
        try {
            Nodes.stopAll(found.stream().map(Found::stamp).toList(), GRACE);
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
        for (Found p : found) {
            if (failure != null && p.stamp().alive()) {
                problems.add("stop process " + p.stamp().pid() + " of lab " + p.mark().lab() + ": " + failure);
            } else {
                removed.add("stopped process " + p.stamp().pid() + " (" + p.command() + ") of lab " + p.mark().lab() + ", " + p.why());
            }
        }
        try (KernelHandles kernel = new KernelHandles()) {
            UndoApplier undo = new UndoApplier(kernel);
            namespaces.forEach((name, mark) -> {
                try {
                    undo.apply(new Steps.DeleteNetns(name), null);
                    removed.add("removed network namespace " + name + " of lab " + mark.lab());
                } catch (RuntimeException e) {
                    problems.add("remove network namespace " + name + ": " + e.getMessage());
                }
            });
            // A user's labs' cgroups are below the cgroup delegated to the user, if any (CgroupTree).
            sweepCgroups(undo, which, removed, problems);
            // A rootless lab makes nothing in the machine's network namespace (nor may it look).
            if (!io.nslab.cli.launch.Rootless.active()) sweepHere(undo, which, removed, problems);
        }
        return new Result(removed, problems);
    }

    /**
     * The labs' cgroups ({@code nslab/LAB}, marked by an extended attribute), once the processes
     * are stopped: what is still in one is killed as it is removed.
     */
    private static void sweepCgroups(UndoApplier undo, Predicate<LabMark> which, List<String> removed, List<String> problems) {
        Cgroups cgroups;
        try {
            cgroups = CgroupTree.here();
        } catch (RuntimeException e) {
            return; // no cgroup file system here (or none delegated to the user): no lab made a cgroup
        }
        for (String name : cgroups.children(CgroupPaths.TOP)) {
            String path = CgroupPaths.TOP + "/" + name;
            Optional<String> text = cgroups.mark(path);
            removeMarked("cgroup " + path, text.orElse(null), which, () -> undo.apply(new Steps.DeleteCgroup(path), null), removed, problems);
        }
        cgroups.removeIfEmpty(CgroupPaths.TOP);
    }

    /**
     * What a lab made in the namespace nslab runs in (with {@code --on-host}: the machine's),
     * which outlives the lab's own namespaces: bridges and delay-line taps (marked by their alias)
     * and NAT tables (marked by their comment). Veths go with the node namespaces their peers were in.
     */
    private static void sweepHere(UndoApplier undo, Predicate<LabMark> which, List<String> removed, List<String> problems) {
        try (NetNs here = NetNs.current(); Rtnetlink rt = Rtnetlink.open(here); NfTables nft = NfTables.open(here)) {
            for (Link link : rt.links()) {
                // A delay line's tap (kind tun) is marked too: it serves a host-side veth end here.
                if (!"bridge".equals(link.kind()) && !"tun".equals(link.kind())) continue;
                removeMarked(link.kind().equals("tun") ? "tap " + link.name() : "bridge " + link.name(), rt.alias(link.name()), which,
                        () -> undo.apply(new Steps.DeleteLink(NetnsName.CURRENT, link.name()), null), removed, problems);
            }
            for (NfTables.Table table : nft.tables()) {
                removeMarked("nf_tables table " + table.family() + " " + table.name(), table.comment(), which,
                        () -> undo.apply(new Steps.DeleteNatTable(NetnsName.CURRENT, table.name()), null), removed, problems);
            }
        } catch (RuntimeException e) {
            problems.add("look for the labs' bridges and NAT tables here: " + e.getMessage());
        }
    }

    /** Removes {@code what} when {@code markText} is a mark {@code which} accepts; one line either way. */
    private static void removeMarked(String what, String markText, Predicate<LabMark> which, Runnable remove,
                                     List<String> removed, List<String> problems) {
        Optional<LabMark> mark = LabMark.parse(markText).filter(which);
        if (mark.isEmpty()) return;
        try {
            remove.run();
            removed.add("removed " + what + " of lab " + mark.get().lab());
        } catch (RuntimeException e) {
            problems.add("remove " + what + ": " + e.getMessage());
        }
    }

    private record Found(ProcessStamp stamp, String command, LabMark mark, String why) {}

    /** Processes in one of the namespaces (inode → name), or whose environment has a mark {@code which} accepts. */
    private static List<Found> processes(Map<Long, String> inodes, Map<String, LabMark> namespaces, Predicate<LabMark> which) {
        List<Found> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) continue;
                int pid = Integer.parseInt(name);
                Long inode = NsFiles.linkInode(proc.resolve("ns/net"));
                String where = inode == null ? null : inodes.get(inode);
                LabMark mark;
                String why;
                if (where != null) {
                    mark = namespaces.get(where);
                    why = "in network namespace " + where;
                } else {
                    mark = environmentMark(proc).filter(which).orElse(null);
                    if (mark == null) continue;
                    why = "marked " + LabMark.ENV + "=" + mark.text();
                }
                Optional<ProcessStamp> stamp = ProcessStamp.of(pid);
                if (stamp.isEmpty()) continue;
                found.add(new Found(stamp.get(), command(proc), mark, why));
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /** The mark in a process's environment (NSLAB_MARK=...), if any. */
    static Optional<LabMark> environmentMark(Path proc) {
        try {
            String prefix = LabMark.ENV + "=";
            for (String var : new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8).split("\0")) {
                if (var.startsWith(prefix)) return LabMark.parse(var.substring(prefix.length()));
            }
        } catch (IOException e) {
            // gone, or a kernel thread
        }
        return Optional.empty();
    }

    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
