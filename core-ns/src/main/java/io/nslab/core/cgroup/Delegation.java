package io.nslab.core.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cgroup delegated to a user: the one a process (a user's holder) was started in, when
 * this process may make cgroups below it and move processes into them. An administrator
 * delegates one by giving the user the directory and its {@code cgroup.procs} (v1: in every
 * hierarchy nslab uses; systemd does it for {@code user@UID.service} and for
 * {@code systemd-run --user -p Delegate=yes}). The labs' cgroups then go below it, as they go
 * below the roots for root: {@code nslab/LAB/NODE}.
 */
public final class Delegation {
    private Delegation() {}

    /** The cgroups rooted at PID's own; throws, saying why, when they are not delegated to this process's user. */
    public static Cgroups at(long pid) {
        String own;
        try {
            own = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (IOException e) {
            throw new CgroupException("read /proc/" + pid + "/cgroup: " + e.getMessage(), e);
        }
        return of(CgroupMounts.read(), own);
    }

    /** As {@link #at}, from the mounts and a /proc/PID/cgroup text ("ID:CONTROLLERS:PATH" lines). */
    static Cgroups of(CgroupMounts mounts, String own) {
        Cgroups layout = Cgroups.of(mounts);
        if (layout instanceof CgroupsV1 v1) {
            Map<String, Path> dirs = new LinkedHashMap<>();
            v1.hierarchies().forEach((controller, mount) -> dirs.put(controller, mount.resolve(pathOf(own, controller))));
            dirs.values().forEach(Delegation::requireWritable);
            return new CgroupsV1(dirs);
        }
        String path = pathOf(own, "");
        // The holder moved to its leaf (CgroupsV2.leaveRoot): the delegated cgroup is the leaf's parent.
        if (path.equals(CgroupsV2.LEAF) || path.endsWith("/" + CgroupsV2.LEAF)) path = path.substring(0, Math.max(0, path.length() - CgroupsV2.LEAF.length() - 1));
        Path dir = ((CgroupsV2) layout).root().resolve(path);
        requireWritable(dir);
        if (!Files.isWritable(dir.resolve("cgroup.subtree_control"))) {
            throw new CgroupException(dir + "/cgroup.subtree_control is not yours: the cgroup is not delegated to you");
        }
        return new CgroupsV2(dir, true);
    }

    /** The path (relative) of the line whose controllers include CONTROLLER ("" for v2's "0::PATH"). */
    private static String pathOf(String own, String controller) {
        for (String line : own.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && (controller.isEmpty() ? f[0].equals("0") && f[1].isEmpty() : List.of(f[1].split(",")).contains(controller))) {
                return f[2].startsWith("/") ? f[2].substring(1) : f[2];
            }
        }
        throw new CgroupException("the process is in no " + (controller.isEmpty() ? "cgroup v2" : controller + " cgroup") + " that nslab can see");
    }

    private static void requireWritable(Path dir) {
        if (!Files.isWritable(dir) || !Files.isWritable(dir.resolve("cgroup.procs"))) {
            throw new CgroupException(dir + " is not yours: no cgroup is delegated to you there");
        }
    }
}
