package io.nslab.core.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * cgroup v1: a tree per hierarchy, each with the controllers mounted there (memory, pids, cpu
 * and cpuacct here; cpu and cpuacct share one on many machines). A cgroup is the same path
 * made in each, and a process joins it by writing its PID to each one's cgroup.procs. v1 has
 * no no-internal-processes rule and no subtree_control: a child has every controller of its
 * hierarchy. A cgroup without a memory cgroup of its own ({@link MemoryCgroup#PARENT}) has no
 * directory in the memory hierarchy: its processes join its parent's there.
 */
public record CgroupsV1(Map<String, Path> hierarchies) implements Cgroups {
    /** The kernel's "no limit" in memory.limit_in_bytes is LONG_MAX rounded down to a page; anything this big is none. */
    private static final long UNLIMITED = 1L << 62;

    public CgroupsV1 {
        hierarchies = new TreeMap<>(hierarchies);
    }

    @Override
    public String version() { return "v1"; }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        hierarchies.forEach((c, p) -> parts.add(c + " at " + p));
        return "cgroup v1 hierarchies: " + String.join(", ", parts);
    }

    /** The distinct mount points (cpu and cpuacct may be one). */
    private List<Path> roots() {
        return List.copyOf(new LinkedHashSet<>(hierarchies.values()));
    }

    private Path in(String controller, String path) {
        Path root = hierarchies.get(controller);
        return root == null ? null : root.resolve(path);
    }

    /**
     * The roots a cgroup has a directory in: all, but the memory hierarchy's only with a memory
     * cgroup of its own (unless it carries a controller besides memory, as a machine may mount it).
     */
    private List<Path> roots(MemoryCgroup memory) {
        if (memory == MemoryCgroup.OWN) return roots();
        return roots().stream().filter(r -> !memoryOnly(r)).toList();
    }

    /** Whether the hierarchy at {@code root} has, of nslab's controllers, memory alone. */
    private boolean memoryOnly(Path root) {
        return hierarchies.entrySet().stream().filter(e -> e.getValue().equals(root)).allMatch(e -> e.getKey().equals("memory"));
    }

    @Override
    public List<Path> dirs(String path, MemoryCgroup memory) {
        return roots(memory).stream().map(r -> r.resolve(path)).toList();
    }

    @Override
    public List<Path> joinDirs(String path) {
        if (!exists(path)) return List.of();
        String parent = CgroupFs.parent(path);
        return roots().stream().map(r -> Files.isDirectory(r.resolve(path)) ? r.resolve(path) : r.resolve(parent)).toList();
    }

    @Override
    public void create(String path, CgroupLimits limits, MemoryCgroup memory, String mark) {
        memory.require(limits);
        if (limits.memoryMax() != null) require("memory");
        if (limits.cpuQuotaUs() != null) require("cpu");
        if (limits.pidsMax() != null) require("pids");
        for (Path root : roots(memory)) {
            Path at = root.resolve(path);
            if (!CgroupFs.mkdirs(root, path)) throw new CgroupException.Exists("cgroup " + at + " exists already");
            if (mark != null) CgroupFs.mark(at, mark);
        }
        if (limits.memoryMax() != null) {
            Path d = in("memory", path);
            CgroupFs.write(d.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryMax()));
            // Memory and swap together no more than the limit: over it, the OOM killer, not the disk.
            if (Files.exists(d.resolve("memory.memsw.limit_in_bytes"))) CgroupFs.write(d.resolve("memory.memsw.limit_in_bytes"), Long.toString(limits.memoryMax()));
        }
        if (limits.cpuQuotaUs() != null) {
            Path d = in("cpu", path);
            CgroupFs.write(d.resolve("cpu.cfs_period_us"), Long.toString(CgroupLimits.CPU_PERIOD_US));
            CgroupFs.write(d.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuQuotaUs()));
        }
        if (limits.pidsMax() != null) CgroupFs.write(in("pids", path).resolve("pids.max"), Long.toString(limits.pidsMax()));
    }

    private void require(String controller) {
        if (!hierarchies.containsKey(controller)) {
            throw new CgroupException("this machine mounts no v1 hierarchy with the " + controller + " controller (see: nslab doctor)");
        }
    }

    @Override
    public CgroupUsage usage(String path) {
        return CgroupUsage.of(filesOf(path), () -> procs(path));
    }

    private CgroupUsage filesOf(String path) {
        Path memory = in("memory", path), cpu = in("cpu", path), cpuacct = in("cpuacct", path), pids = in("pids", path);
        Long memoryBytes = memory == null ? null : CgroupsV2.number(memory.resolve("memory.usage_in_bytes"));
        Long memoryMax = memory == null ? null : CgroupsV2.number(memory.resolve("memory.limit_in_bytes"));
        if (memoryMax != null && memoryMax >= UNLIMITED) memoryMax = null;
        Long usageNs = cpuacct == null ? null : CgroupsV2.number(cpuacct.resolve("cpuacct.usage"));
        Long quota = cpu == null ? null : CgroupsV2.number(cpu.resolve("cpu.cfs_quota_us"));
        if (quota != null && quota < 0) quota = null;
        return new CgroupUsage(memoryBytes, memoryMax, usageNs == null ? null : usageNs / 1000, quota,
                pids == null ? null : CgroupsV2.number(pids.resolve("pids.current")),
                pids == null ? null : CgroupsV2.limit(pids.resolve("pids.max")),
                memory == null ? null : oomKills(memory.resolve("memory.oom_control")));
    }

    /** memory.oom_control: "oom_kill_disable 0\nunder_oom 0\noom_kill N" (the count since 4.13). */
    private static Long oomKills(Path file) {
        return CgroupsV2.field(file, "oom_kill");
    }

    @Override
    public boolean exists(String path) {
        return roots().stream().anyMatch(r -> Files.isDirectory(r.resolve(path)));
    }

    @Override
    public List<String> children(String path) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Path root : roots()) for (Path c : CgroupFs.children(root.resolve(path))) names.add(c.getFileName().toString());
        return List.copyOf(names);
    }

    @Override
    public Optional<String> mark(String path) {
        for (Path root : roots()) {
            Optional<String> m = CgroupFs.mark(root.resolve(path));
            if (m.isPresent()) return m;
        }
        return Optional.empty();
    }

    @Override
    public List<Integer> procs(String path) {
        LinkedHashSet<Integer> all = new LinkedHashSet<>();
        for (Path root : roots()) all.addAll(CgroupFs.procs(root.resolve(path)));
        return List.copyOf(all);
    }

    @Override
    public void remove(String path) {
        CgroupException first = null;
        for (Path root : roots()) {
            try {
                CgroupFs.removeTree(root.resolve(path));
            } catch (CgroupException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    @Override
    public boolean removeIfEmpty(String path) {
        boolean all = true;
        for (Path root : roots()) all &= CgroupFs.removeIfEmpty(root.resolve(path));
        return all;
    }

    @Override
    public List<String> script(String path, CgroupLimits limits, MemoryCgroup memory) {
        memory.require(limits);
        List<String> out = new ArrayList<>();
        for (Path root : roots(memory)) out.add("mkdir -p " + root.resolve(path));
        if (limits.memoryMax() != null) {
            Path d = in("memory", path);
            out.add("echo " + limits.memoryMax() + " > " + d.resolve("memory.limit_in_bytes"));
            out.add("echo " + limits.memoryMax() + " > " + d.resolve("memory.memsw.limit_in_bytes") + "   # if the kernel accounts swap");
        }
        if (limits.cpuQuotaUs() != null) {
            Path d = in("cpu", path);
            out.add("echo " + CgroupLimits.CPU_PERIOD_US + " > " + d.resolve("cpu.cfs_period_us"));
            out.add("echo " + limits.cpuQuotaUs() + " > " + d.resolve("cpu.cfs_quota_us"));
        }
        if (limits.pidsMax() != null) out.add("echo " + limits.pidsMax() + " > " + in("pids", path).resolve("pids.max"));
        return out;
    }

    @Override
    public List<String> joinScript(String path, MemoryCgroup memory) {
        List<Path> own = roots(memory);
        String parent = CgroupFs.parent(path);
        return roots().stream().map(r -> "echo $$ > " + r.resolve(own.contains(r) ? path : parent).resolve("cgroup.procs")).toList();
    }
}
