package io.nslab.cli.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nslab.cli.launch.CgroupTree;
import io.nslab.cli.launch.Rootless;

import io.nslab.core.cgroup.CgroupMounts;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.core.cgroup.CgroupsV1;
import io.nslab.core.cgroup.CgroupsV2;

/**
 * Which cgroups nslab puts nodes in here (every node gets one, nslab/LAB/NODE), chosen at run
 * time: v1 when the memory, pids or cpu controller has a v1 hierarchy (a hybrid machine), else
 * v2; and whether each controller a node's limits need is there. For a user: the cgroup
 * delegated to them, if any ({@link CgroupTree}).
 */
final class CgroupCheck {
    private CgroupCheck() {}

    static Finding run() {
        String name = "node cgroups";
        Cgroups cgroups;
        try {
            if (Rootless.active()) {
                Optional<String> none = CgroupTree.missing();
                if (none.isPresent()) {
                    return Finding.note(name, "no cgroup is delegated to you (" + none.get() + "): labs whose nodes have limits are refused",
                            "with systemd: systemd-run --user --scope -p Delegate=yes $SHELL, and nslab in that shell;"
                                    + " else an administrator gives you a cgroup (v1: a directory in each hierarchy) and starts your session in it");
                }
            }
            cgroups = Rootless.active() ? CgroupTree.here() : Cgroups.of(CgroupMounts.read());
        } catch (RuntimeException e) {
            return Finding.missing(name, true, e.getMessage(), "mount cgroup2 on /sys/fs/cgroup (mount -t cgroup2 none /sys/fs/cgroup)");
        }
        List<String> lacking = new ArrayList<>();
        if (cgroups instanceof CgroupsV1 v1) {
            for (String c : List.of("memory", "cpu", "cpuacct", "pids")) if (!v1.hierarchies().containsKey(c)) lacking.add(c);
        } else if (cgroups instanceof CgroupsV2 v2) {
            String offered = Machine.read(v2.root().resolve("cgroup.controllers")).orElse("");
            for (String c : List.of("memory", "cpu", "pids")) if (!List.of(offered.strip().split("\\s+")).contains(c)) lacking.add(c);
        }
        String detail = cgroups.describe() + "; labs go under " + cgroups.dirs("nslab").get(0);
        if (lacking.isEmpty()) return Finding.ok(name, true, detail);
        return Finding.note(name, detail + "; no " + String.join(", ", lacking) + " controller: node limits of that kind cannot be set",
                cgroups.version().equals("v2") ? "enable it for the root's children: echo +CONTROLLER > /sys/fs/cgroup/cgroup.subtree_control"
                        : "mount its v1 hierarchy: mkdir /sys/fs/cgroup/CONTROLLER && mount -t cgroup -o CONTROLLER cgroup /sys/fs/cgroup/CONTROLLER");
    }
}
