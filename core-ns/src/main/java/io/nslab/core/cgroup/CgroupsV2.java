package io.nslab.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * cgroup v2: one tree. A controller works in a cgroup only when its parent lists it in
 * {@code cgroup.subtree_control}, so making {@code nslab/LAB/NODE} enables cpu, memory and
 * pids (those the root offers) down the way: at the root only when missing (systemd enables
 * them already on a stock machine; nslab never disables one), in {@code nslab} and the lab's
 * cgroup, which hold no process themselves (v2's no-internal-processes rule). Memory in the
 * lab's cgroup only for a node with a memory cgroup of its own ({@link MemoryCgroup}); without,
 * a node's memory is charged to the lab's cgroup, the nearest one above it with the controller.
 *
 * @param delegated the root is a cgroup delegated to a user ({@link Delegation}), which holds
 *                  the user's holder: its processes move to a leaf of their own, {@link #LEAF},
 *                  before its children may have controllers
 */
public record CgroupsV2(Path root, boolean delegated) implements Cgroups {
    static final List<String> WANTED = List.of("cpu", "memory", "pids");
    /** Where a delegated root's own processes go. */
    static final String LEAF = "nslab-holder";

    /** The machine's tree (or a fake one), as root uses it. */
    public CgroupsV2(Path root) {
        this(root, false);
    }

    @Override
    public String version() { return "v2"; }

    @Override
    public String describe() {
        String offered = CgroupFs.read(root.resolve("cgroup.controllers"));
        return "cgroup v2 at " + root + " (controllers: " + (offered == null || offered.isEmpty() ? "none" : offered) + ")";
    }

    private Path dir(String path) { return root.resolve(path); }

    @Override
    public List<Path> dirs(String path, MemoryCgroup memory) { return List.of(dir(path)); }

    @Override
    public List<Path> joinDirs(String path) { return exists(path) ? dirs(path) : List.of(); }

    /** The controllers wanted that the root offers. */
    private List<String> available() {
        String offered = CgroupFs.read(root.resolve("cgroup.controllers"));
        Set<String> have = offered == null ? Set.of() : Set.of(offered.split("\\s+"));
        List<String> out = new ArrayList<>();
        for (String c : WANTED) if (have.contains(c)) out.add(c);
        return out;
    }

    @Override
    public void create(String path, CgroupLimits limits, MemoryCgroup memory, String mark) {
        memory.require(limits);
        List<String> controllers = available();
        requireFor(limits, controllers);
        if (delegated) leaveRoot();
        String[] parts = path.split("/");
        Path at = root;
        for (int i = 0; i < parts.length; i++) {
            enable(at, i == parts.length - 1 ? forChildren(controllers, memory) : controllers);
            at = at.resolve(parts[i]);
            boolean made = CgroupFs.mkdir(at);
            if (!made && i == parts.length - 1) throw new CgroupException.Exists("cgroup " + at + " exists already");
        }
        if (mark != null) CgroupFs.mark(at, mark);
        if (limits.memoryMax() != null) {
            CgroupFs.write(at.resolve("memory.max"), Long.toString(limits.memoryMax()));
            // No swap beyond the limit: a node over it meets the OOM killer, not the disk.
            if (java.nio.file.Files.exists(at.resolve("memory.swap.max"))) CgroupFs.write(at.resolve("memory.swap.max"), "0");
        }
        if (limits.cpuQuotaUs() != null) CgroupFs.write(at.resolve("cpu.max"), limits.cpuQuotaUs() + " " + CgroupLimits.CPU_PERIOD_US);
        if (limits.pidsMax() != null) CgroupFs.write(at.resolve("pids.max"), Long.toString(limits.pidsMax()));
    }

    /**
     * The controllers a parent passes down for a child with or without a memory cgroup of its
     * own. v2 cannot give one child memory and not another: subtree_control holds for all of
     * them. So memory is enabled in the lab's cgroup only when a node of the lab has a memory
     * limit, and then every node has a memory cgroup; never disabled (nslab disables nothing).
     */
    private static List<String> forChildren(List<String> controllers, MemoryCgroup memory) {
        return memory == MemoryCgroup.OWN ? controllers : controllers.stream().filter(c -> !c.equals("memory")).toList();
    }

    private void requireFor(CgroupLimits limits, List<String> controllers) {
        if (limits.memoryMax() != null) require("memory", controllers);
        if (limits.cpuQuotaUs() != null) require("cpu", controllers);
        if (limits.pidsMax() != null) require("pids", controllers);
    }

    private void require(String controller, List<String> controllers) {
        if (!controllers.contains(controller)) {
            throw new CgroupException("the " + controller + " controller is not available in " + root + "/cgroup.controllers (see: nslab doctor)");
        }
    }

    /** A delegated root's processes (the holder, the command) into {@link #LEAF}: a cgroup with processes cannot pass controllers down. */
    private void leaveRoot() {
        List<Integer> procs = CgroupFs.procs(root);
        if (procs.isEmpty()) return;
        Path leaf = root.resolve(LEAF);
        CgroupFs.mkdir(leaf);
        for (int pid : procs) {
            try {
                CgroupFs.write(leaf.resolve("cgroup.procs"), Integer.toString(pid));
            } catch (CgroupException e) {
                if (java.nio.file.Files.exists(Path.of("/proc", Integer.toString(pid)))) throw e; // else it ended meanwhile
            }
        }
    }

    /** Adds the controllers missing from a parent's subtree_control (only those: a write is a change of the machine's tree). */
    private static void enable(Path parent, List<String> controllers) {
        String current = CgroupFs.read(parent.resolve("cgroup.subtree_control"));
        Set<String> on = current == null ? Set.of() : Set.of(current.split("\\s+"));
        Set<String> add = new LinkedHashSet<>();
        for (String c : controllers) if (!on.contains(c)) add.add("+" + c);
        if (!add.isEmpty()) CgroupFs.write(parent.resolve("cgroup.subtree_control"), String.join(" ", add));
    }

    @Override
    public CgroupUsage usage(String path) {
        Path d = dir(path);
        String cpuMax = CgroupFs.read(d.resolve("cpu.max"));
        Long quota = cpuMax == null || cpuMax.startsWith("max") ? null : Long.parseLong(cpuMax.split(" ")[0]);
        // memory.current is there only when the parent passes memory down (MemoryCgroup.OWN, or a sibling's limit)
        return CgroupUsage.of(new CgroupUsage(number(d.resolve("memory.current")), limit(d.resolve("memory.max")),
                field(d.resolve("cpu.stat"), "usage_usec"), quota,
                number(d.resolve("pids.current")), limit(d.resolve("pids.max")), field(d.resolve("memory.events"), "oom_kill")), () -> procs(path));
    }

    static Long number(Path file) {
        String v = CgroupFs.read(file);
        return v == null ? null : Long.parseLong(v);
    }

    /** A limit file: "max" is none. */
    static Long limit(Path file) {
        String v = CgroupFs.read(file);
        return v == null || v.equals("max") ? null : Long.parseLong(v);
    }

    /** A "key value" line of a flat-keyed file (cpu.stat, memory.events). */
    static Long field(Path file, String key) {
        String v = CgroupFs.read(file);
        if (v == null) return null;
        for (String line : v.split("\n")) {
            String[] kv = line.split(" ");
            if (kv.length == 2 && kv[0].equals(key)) return Long.parseLong(kv[1]);
        }
        return null;
    }

    @Override
    public boolean exists(String path) { return java.nio.file.Files.isDirectory(dir(path)); }

    @Override
    public List<String> children(String path) {
        return CgroupFs.children(dir(path)).stream().map(p -> p.getFileName().toString()).toList();
    }

    @Override
    public Optional<String> mark(String path) { return CgroupFs.mark(dir(path)); }

    @Override
    public List<Integer> procs(String path) { return CgroupFs.procs(dir(path)); }

    @Override
    public void remove(String path) { CgroupFs.removeTree(dir(path)); }

    @Override
    public boolean removeIfEmpty(String path) { return CgroupFs.removeIfEmpty(dir(path)); }

    @Override
    public List<String> script(String path, CgroupLimits limits, MemoryCgroup memory) {
        memory.require(limits);
        Path d = dir(path);
        List<String> out = new ArrayList<>();
        String enable = String.join(" ", forChildren(WANTED, memory).stream().map(c -> "+" + c).toList());
        out.add("mkdir -p " + d);
        out.add("echo '" + enable + "' > " + d.getParent().resolve("cgroup.subtree_control") + "   # the controllers, for the cgroups below"
                + (memory == MemoryCgroup.OWN ? "" : " (memory: none of their own, unless a node has a memory limit)"));
        if (limits.memoryMax() != null) {
            out.add("echo " + limits.memoryMax() + " > " + d.resolve("memory.max"));
            out.add("echo 0 > " + d.resolve("memory.swap.max"));
        }
        if (limits.cpuQuotaUs() != null) out.add("echo '" + limits.cpuQuotaUs() + " " + CgroupLimits.CPU_PERIOD_US + "' > " + d.resolve("cpu.max"));
        if (limits.pidsMax() != null) out.add("echo " + limits.pidsMax() + " > " + d.resolve("pids.max"));
        return out;
    }

    @Override
    public List<String> joinScript(String path, MemoryCgroup memory) {
        return List.of("echo $$ > " + dir(path).resolve("cgroup.procs"));
    }
}
