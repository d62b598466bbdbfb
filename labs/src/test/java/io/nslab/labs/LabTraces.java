package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.netlink.testing.Witness;
import io.nslab.topology.plan.CgroupPaths;

/**
 * Everything of one lab the machine could still hold, found without trusting the journal
 * under test: its namespaces (iproute2), its mounts and cgroups by the lab's name, its NAT
 * table in the machine's own ruleset (nft, read-only), its state directory, and every process
 * that is one of its own however far it got: a process inside one of the lab's network
 * namespaces (by the inodes recorded before {@code down}, so a namespace whose name is gone
 * still counts), a process whose environment carries the lab's mark ({@code NSLAB_MARK}: the
 * spawner, the supervisor, a node init between fork and exec) or whose argv names the lab's
 * namespaces, state or mark (a node init before it has joined its namespace). The journal's
 * own PIDs are checked too, as one witness among others.
 *
 * <p>The names tests give labs ({@code nst-} and five random characters) occur nowhere else,
 * so a name followed by anything but a name character is the lab's (a bystander named
 * LAB{@code w} is not).
 */
public final class LabTraces {
    private LabTraces() {}

    /**
     * What a lab was while it (or part of it) existed: recorded before {@code down}. Its state is
     * under {@code stateRoot} (a test that runs labs side by side gives each a root of its own,
     * rather than this JVM's {@code nslab.state}).
     */
    public record Footprint(String lab, Set<Long> netnsInodes, List<ProcessStamp> journaled, Path stateRoot) {
        public Footprint(String lab, Set<Long> netnsInodes, List<ProcessStamp> journaled) {
            this(lab, netnsInodes, journaled, StateDir.root());
        }

        /** Nothing recorded: only the lab's name (a lab that never came up, or one rolled back). */
        public static Footprint of(String lab) {
            return new Footprint(lab, Set.of(), List.of());
        }

        StateDir state() {
            return new StateDir(stateRoot.resolve(lab));
        }
    }

    /** The inodes of the lab's network namespaces and the processes its journal names, as they are now. */
    public static Footprint footprint(String lab) throws IOException {
        return footprint(lab, StateDir.root());
    }

    /** As {@link #footprint(String)}, for a lab whose state is under {@code stateRoot}. */
    public static Footprint footprint(String lab, Path stateRoot) throws IOException {
        Set<Long> inodes = new LinkedHashSet<>();
        for (String ns : netns(lab)) {
            try {
                inodes.add(((Number) Files.getAttribute(Path.of("/run/netns", ns), "unix:ino")).longValue());
            } catch (IOException gone) {
                // removed meanwhile
            }
        }
        return new Footprint(lab, inodes, journaled(new StateDir(stateRoot.resolve(lab))), stateRoot);
    }

    /** The PIDs (with start times) the lab's state holds now: node inits and the supervisor. */
    public static List<ProcessStamp> journaled(String lab) throws IOException {
        return journaled(StateDir.of(lab));
    }

    private static List<ProcessStamp> journaled(StateDir state) throws IOException {
        List<ProcessStamp> out = new ArrayList<>();
        if (!state.exists()) return out;
        ProcessStamp.read(state.supervisorPid()).ifPresent(out::add);
        out.addAll(RunningLab.inits(state).values());
        return out;
    }

    public static List<String> netns(String lab) {
        return Witness.run("ip", "netns", "list").lines().map(l -> l.split(" ")[0])
                .filter(n -> n.equals(lab) || n.startsWith(lab + "-")).sorted().toList();
    }

    /** Mounts that name the lab (its namespaces, its state, an overlay or anything else under its name). */
    public static List<String> mounts(String lab) throws IOException {
        Pattern name = named(lab);
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> name.matcher(l).find()).toList();
    }

    /** cgroup directories (v1 or v2, any depth up to 4) named after the lab. */
    public static List<String> cgroups(String lab) throws IOException {
        Pattern name = named(lab);
        List<String> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.find(Path.of("/sys/fs/cgroup"), 4, (p, a) -> a.isDirectory())) {
            dirs.filter(p -> name.matcher(p.getFileName().toString()).find()).forEach(p -> found.add(p.toString()));
        } catch (IOException | java.io.UncheckedIOException e) {
            // a cgroup removed while walking: the walk is repeated by the retry in assertNone
        }
        return found;
    }

    /** Every process that is one of the lab's (see the class comment), as "PID what". */
    public static List<String> processes(Footprint fp) {
        Pattern argv = Pattern.compile(Pattern.quote("/run/netns/" + fp.lab()) + "(?![a-z0-9])|"
                + Pattern.quote(fp.state().dir() + "/") + "|" + Pattern.quote("nslab:" + fp.lab() + ":"));
        String env = "NSLAB_MARK=nslab:" + fp.lab() + ":";
        long self = ProcessHandle.current().pid();
        List<String> found = new ArrayList<>();
        for (ProcessStamp p : fp.journaled()) if (p.alive()) found.add(p.pid() + " (journaled)");
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String pid = proc.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit) || Long.parseLong(pid) == self || zombie(proc)) continue;
                String cmdline = read(proc.resolve("cmdline")).replace('\0', ' ');
                Long inode = netnsInode(proc);
                if (inode != null && fp.netnsInodes().contains(inode) && !markedOtherwise(pid, fp.lab())) {
                    found.add(pid + " in the lab's netns [" + inode + "]: " + cmdline);
                } else if (read(proc.resolve("environ")).contains(env)) {
                    found.add(pid + " with the lab's mark in its environment: " + cmdline);
                } else if (argv.matcher(cmdline).find()) {
                    found.add(pid + " naming the lab in its argv: " + cmdline);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("list /proc", e);
        }
        return found;
    }

    /** Nothing of the lab is left (the kernel is given a few seconds to finish what down started). */
    public static void assertNone(String what, Footprint fp) throws IOException {
        String lab = fp.lab();
        for (int i = 0; i < 50 && !(processes(fp).isEmpty() && netns(lab).isEmpty() && mounts(lab).isEmpty()); i++) sleep(100);
        assertEquals(List.of(), processes(fp), what + ": processes of the lab left");
        assertEquals(List.of(), netns(lab), what + ": network namespaces left");
        assertEquals(List.of(), mounts(lab), what + ": mounts left");
        assertEquals(List.of(), cgroups(lab), what + ": cgroups left");
        // and exactly where nslab makes them (nslab/LAB in each hierarchy), as the cgroup code detects the hierarchies
        assertEquals(List.of(), Cgroups.detect().dirs(CgroupPaths.lab(lab)).stream().filter(Files::isDirectory).toList(),
                what + ": the lab's cgroup left");
        assertFalse(Files.exists(fp.state().dir()), what + ": state directory left");
        assertFalse(named("nslab-" + lab).matcher(Witness.run("nft", "list", "tables")).find(), what + ": a NAT table in the machine's ruleset");
    }

    /** As {@link #assertNone(String, Footprint)}, also checking these processes (stamps from elsewhere). */
    public static void assertNone(String what, String lab, Collection<ProcessStamp> processes) throws IOException {
        assertNone(what, new Footprint(lab, Set.of(), List.copyOf(processes)));
    }

    /**
     * Takes {@code lab} down (exit 0), checks that nothing of it is left, its journaled processes
     * included, and deletes {@code copyDir}, where the test wrote its copy of the lab file.
     */
    public static void downLeavingNothing(String what, String lab, Path copyDir) throws IOException {
        List<ProcessStamp> processes = journaled(lab);
        Nslab.Run down = Nslab.run("down", lab);
        assertEquals(0, down.code(), down.toString());
        assertNone(what, lab, processes);
        try (Stream<Path> files = Files.walk(copyDir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static Pattern named(String name) {
        return Pattern.compile(Pattern.quote(name) + "(?![a-z0-9])");
    }

    /**
     * A namespace inode is reused once its namespace is freed: a process found in a recorded
     * inode is the lab's unless that namespace now carries another mark or none of the lab's
     * (its lo alias, read from inside with iproute2).
     */
    private static boolean markedOtherwise(String pid, String lab) {
        try {
            String lo = Witness.run("nsenter", "--net=/proc/" + pid + "/ns/net", "ip", "-o", "link", "show", "lo");
            return !lo.contains("alias nslab:" + lab + ":");
        } catch (IllegalStateException gone) {
            return true; // the process ended meanwhile
        }
    }

    private static boolean zombie(Path proc) {
        String stat = read(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        return close > 0 && stat.length() > close + 2 && (stat.charAt(close + 2) == 'Z' || stat.charAt(close + 2) == 'X');
    }

    private static Long netnsInode(Path proc) {
        try {
            String link = Files.readSymbolicLink(proc.resolve("ns/net")).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
