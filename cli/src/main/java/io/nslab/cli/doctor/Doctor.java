package io.nslab.cli.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.nslab.cli.launch.Rootless;

/**
 * Checks that this machine can run nslab labs and says how to fix what is missing. It only
 * reads the machine; what it must try for real (namespaces, links, nf_tables) it tries inside
 * a throwaway network namespace that it deletes again.
 */
public final class Doctor {
    /** The namespace kinds of a node, as /proc/self/ns names them. */
    static final List<String> NAMESPACES = List.of("net", "uts", "ipc", "pid", "mnt", "cgroup", "user");

    private final String initPath;

    /** @param initPath the nslab-init binary (system property nslab.init), or null when it is not set */
    public Doctor(String initPath) {
        this.initPath = initPath;
    }

    public List<Finding> run() {
        List<Finding> out = new ArrayList<>();
        boolean root = Machine.effectiveUid() == 0;
        // A user's nslab (the launcher runs it rootless) is root in a user namespace of its own, or nothing.
        boolean rootless = Rootless.active();
        if (rootless) {
            out.add(RootlessCheck.run());
        } else {
            out.add(root ? Finding.ok("root", true, "running as root")
                    : Finding.missing("root", true, "running as uid " + Machine.effectiveUid() + "; building a lab needs root",
                            "run nslab as root (sudo ./nslab ...); validate, explain and graph need no root"));
        }
        out.add(init());
        out.add(namespaces());
        out.addAll(KernelProbe.run(root));
        out.add(userNamespaces());
        if (!rootless) out.add(RootlessCheck.run());
        out.add(cgroup2());
        out.add(CgroupCheck.run());
        out.add(HostFirewall.brNetfilter());
        out.add(HostFirewall.forwardPolicy(root && !rootless)); // the machine's ruleset: root's only
        out.add(program("ping", "iputils-ping"));
        out.add(program("curl", "curl"));
        return out;
    }

    /** True when nothing required is missing. */
    public static boolean allRequiredOk(List<Finding> findings) {
        return findings.stream().noneMatch(Finding::blocks);
    }

    Finding init() {
        String name = "nslab-init";
        if (initPath == null || initPath.isBlank()) {
            return Finding.missing(name, true, "the system property nslab.init is not set, so the node init cannot be found",
                    "run nslab through the ./nslab launcher, which sets it (or pass -Dnslab.init=PATH to java)");
        }
        Path p = Path.of(initPath);
        String build = "build it: ./nslab builds it on first use, or mvn -pl core-ns compile (needs a C compiler)";
        if (!Files.exists(p)) return Finding.missing(name, true, initPath + " does not exist", build);
        if (!Files.isRegularFile(p)) return Finding.missing(name, true, initPath + " is not a file", build);
        if (!Files.isExecutable(p)) return Finding.missing(name, true, initPath + " is not executable", "chmod +x " + initPath + ", or " + build);
        return Finding.ok(name, true, initPath);
    }

    static Finding namespaces() {
        List<String> absent = NAMESPACES.stream().filter(k -> !Files.exists(Path.of("/proc/self/ns", k))).toList();
        if (absent.isEmpty()) return Finding.ok("namespace kinds", true, String.join(" ", NAMESPACES));
        return Finding.missing("namespace kinds", true, "this kernel has no " + String.join(", ", absent) + " namespaces",
                "use a kernel built with CONFIG_NAMESPACES and " + String.join(", ", absent.stream().map(k -> "CONFIG_" + k.toUpperCase() + "_NS").toList()));
    }

    /** Only labs whose nodes have user maps need them, so their absence blocks nothing else. */
    static Finding userNamespaces() {
        String name = "user namespaces";
        String max = Machine.read(Path.of("/proc/sys/user/max_user_namespaces")).map(String::strip).orElse(null);
        if (max == null) {
            return Finding.missing(name, false, "/proc/sys/user/max_user_namespaces is absent: no user namespaces in this kernel;"
                    + " labs whose nodes have \"user\" maps cannot run", "use a kernel built with CONFIG_USER_NS");
        }
        if (!max.matches("[0-9]+") || Long.parseLong(max) == 0) {
            return Finding.missing(name, false, "user.max_user_namespaces is " + max + ": labs whose nodes have \"user\" maps cannot run",
                    "sysctl -w user.max_user_namespaces=15000");
        }
        return Finding.ok(name, false, "user.max_user_namespaces=" + max);
    }

    static Finding cgroup2() {
        String name = "cgroup v2";
        boolean known = Machine.read(Path.of("/proc/filesystems")).map(f -> f.matches("(?s).*\\bcgroup2\\n.*")).orElse(false);
        String at = Machine.read(Path.of("/proc/self/mountinfo")).map(m -> Machine.mountPointOf("cgroup2", m)).orElse(null);
        if (at != null) return Finding.ok(name, true, "mounted at " + at + (at.equals("/sys/fs/cgroup") ? "" : " (hybrid hierarchy)"));
        if (known) {
            return Finding.missing(name, true, "the kernel has cgroup2 but it is not mounted",
                    "mount it: mount -t cgroup2 none /sys/fs/cgroup (or boot with systemd.unified_cgroup_hierarchy=1)");
        }
        return Finding.missing(name, true, "the kernel has no cgroup2 file system", "use a kernel with cgroup v2 (4.5 or later, CONFIG_CGROUPS)");
    }

    static Finding program(String name, String pkg) {
        Path p = Machine.onPath(name);
        if (p != null) return Finding.ok(name, false, p + " (for nslab exec NODE " + name + " ...)");
        return Finding.missing(name, false, "not on PATH; lessons run it inside nodes with nslab exec", "apt-get install -y " + pkg);
    }
}
