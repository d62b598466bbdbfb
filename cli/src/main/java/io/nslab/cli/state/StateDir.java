package io.nslab.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nslab.topology.parse.LabSyntax;

/**
 * Where a running lab keeps its state: {@code /run/nslab/LAB/}, mode 0700. The layout is
 * the contract between {@code up}, {@code down}, {@code exec}, {@code status} and the
 * supervisor:
 * <pre>
 * /run/nslab/LAB/
 *   lock               flock(2): held by up and down, so two of them never race
 *   lab.json           the lab file as given (what the web page reads back); lab.yaml when
 *                      it was written in YAML
 *   plan.json          the compiled Plan
 *   cgroups            the lab's cgroup directories, one per hierarchy (LabCgroupDirs): what
 *                      the launcher's exec, which starts no JVM, joins a command to
 *   journal            how to undo each step, written before the step runs, and the processes
 *                      started ("process node:NODE PID STARTTIME": the node inits; see JournalEntry)
 *   etc/hosts          the lab's /etc/hosts, alone in its directory: the lower layer of each node's
 *                      view of it (an overlay its init mounts in the node; a copy for a node with a
 *                      hostname of its own)
 *   nodes/NODE.log     what a node's program (its run) and its init wrote, for nodes with a run
 *   supervisor.pid     "PID STARTTIME" of the services supervisor, when the lab has services
 *   services.json      the supervisor's spec (see io.nslab.cli.services.ServiceBindings)
 *   supervisor.log     what the supervisor wrote
 *   impair             the impairments in force, one line per impaired egress (io.nslab.cli.impair.ImpairState);
 *                      the supervisor runs the delay lines it names
 * </pre>
 * The root can be moved with the system property {@code nslab.state} (tests only).
 */
public record StateDir(Path dir) {
    public static final Path DEFAULT_ROOT = Path.of("/run/nslab");

    public static Path root() {
        String override = System.getProperty("nslab.state");
        return override == null ? DEFAULT_ROOT : Path.of(override);
    }

    public static StateDir of(String lab) {
        return new StateDir(root().resolve(lab));
    }

    public String lab() { return dir.getFileName().toString(); }
    public Path lock() { return dir.resolve("lock"); }
    /** The lab file as given: lab.yaml for a lab written in YAML, lab.json otherwise. */
    public Path labFile() {
        Path yaml = dir.resolve("lab.yaml");
        return java.nio.file.Files.exists(yaml) ? yaml : dir.resolve("lab.json");
    }
    /** Where {@code up} keeps a copy of {@code source}: named so that it is read in the same syntax. */
    public Path labFileFor(Path source) {
        return dir.resolve(LabSyntax.of(source) == LabSyntax.YAML ? "lab.yaml" : "lab.json");
    }
    /** The directory of the lab file lab.json was copied from: its relative paths start there. */
    public Path labBase() { return dir.resolve("lab.base"); }
    /** The lab's layers tmpfs: a directory per node with a root of its own (upper, work, root). */
    public Path layers() { return dir.resolve("layers"); }
    public Path plan() { return dir.resolve("plan.json"); }
    public Path cgroups() { return dir.resolve("cgroups"); }
    public Path journal() { return dir.resolve("journal"); }
    public Path nodesDir() { return dir.resolve("nodes"); }
    public Path hosts() { return dir.resolve("etc").resolve("hosts"); }
    public Path nodeLog(String node) { return nodesDir().resolve(node + ".log"); }
    public Path supervisorPid() { return dir.resolve("supervisor.pid"); }
    public Path servicesSpec() { return dir.resolve("services.json"); }
    public Path supervisorLog() { return dir.resolve("supervisor.log"); }
    /** The name of the impair file, which the supervisor finds beside services.json. */
    public static final String IMPAIR = "impair";
    public Path impair() { return dir.resolve(IMPAIR); }

    /**
     * Whether {@code name} (a lab's or a node's, as a user typed it) names one entry of a
     * directory, so that resolving it stays inside: "../x" or "a/b" name no lab and no node.
     */
    public static boolean isPlainName(String name) {
        return !name.isEmpty() && name.indexOf('/') < 0 && name.indexOf('\0') < 0 && !name.equals(".") && !name.equals("..");
    }

    /** Whether anything of the lab's state is there (even a half-written one, after a crash). */
    public boolean exists() { return java.nio.file.Files.isDirectory(dir); }

    /**
     * Removes the lab's state directory and everything in it, the nodes' layers tmpfs first if it
     * is still mounted there: the journal's undo unmounts it, but a down that could not read the
     * journal (another nslab's) swept the rest by its marks, and a mount point cannot be removed.
     */
    public void remove() {
        if (!Files.exists(dir)) return;
        NodeLayers.unmount(layers());
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("remove " + dir + ": " + e.getMessage(), e);
        }
    }
}
