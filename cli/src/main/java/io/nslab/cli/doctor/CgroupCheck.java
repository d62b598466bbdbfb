package io.nslab.cli.doctor;

import java.util.ArrayList;
import java.util.List;

import io.nslab.core.cgroup.CgroupMounts;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.core.cgroup.CgroupsV1;
import io.nslab.core.cgroup.CgroupsV2;

/**
 * Which cgroups nslab puts nodes in here (every node gets one, nslab/LAB/NODE), chosen at run
 * time: v1 when the memory, pids or cpu controller has a v1 hierarchy (a hybrid machine), else
 * v2; and whether each controller a node's limits need is there.
 */
final class CgroupCheck {
    private CgroupCheck() {}

    static Finding run() {
        String name = "node cgroups";
        Cgroups cgroups;
        try {
            cgroups = Cgroups.of(CgroupMounts.read());
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
