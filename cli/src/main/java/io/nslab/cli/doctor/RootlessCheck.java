package io.nslab.cli.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.nslab.cli.launch.Rootless;
import io.nslab.cli.rootless.LabIds;

/**
 * Whether labs can be built without root here (a user namespace of the user's own, see
 * {@link Rootless}). As a user: what nslab-init found when it tried (required: a user's labs
 * need it). As root: what would stop a user, from the sysctls that decide.
 */
final class RootlessCheck {
    private RootlessCheck() {}

    static Finding run() {
        String name = "rootless labs";
        if (Rootless.lockFd().isPresent()) {
            return Finding.ok(name, true, "this nslab runs in a user namespace of your own (state in " + Rootless.dir().orElseThrow()
                    + "): your labs need no root, except for limits and --on-host; nodes' user maps "
                    + LabIds.here().summary());
        }
        Optional<String> blocker = blocker();
        if (Rootless.active()) {
            String why = Rootless.error().orElse("nslab did not start in a user namespace");
            return Finding.missing(name, true, why + blocker.map(b -> " (" + b + ")").orElse(""),
                    blocker.map(RootlessCheck::fix).orElse("run nslab as root (sudo)"));
        }
        return blocker.map(b -> Finding.note(name, "users cannot build labs without root here: " + b, fix(b)))
                .orElseGet(() -> Finding.ok(name, false, "users may build labs without root (unprivileged user namespaces are allowed)"));
    }

    /** The first setting of this machine that refuses a user a user namespace (or its pins' directory). */
    static Optional<String> blocker() {
        if (sysctl("kernel/apparmor_restrict_unprivileged_userns").equals("1")) return Optional.of("kernel.apparmor_restrict_unprivileged_userns=1");
        if (sysctl("kernel/unprivileged_userns_clone").equals("0")) return Optional.of("kernel.unprivileged_userns_clone=0");
        if (sysctl("user/max_user_namespaces").equals("0")) return Optional.of("user.max_user_namespaces=0");
        if (!Files.isDirectory(Path.of("/run/netns"))) return Optional.of("/run/netns does not exist");
        return Optional.empty();
    }

    static String fix(String blocker) {
        if (blocker.startsWith("kernel.apparmor")) {
            return "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 23.10 and later; or an AppArmor profile with userns for nslab-init)";
        }
        if (blocker.startsWith("kernel.unprivileged")) return "sudo sysctl -w kernel.unprivileged_userns_clone=1";
        if (blocker.startsWith("user.max")) return "sudo sysctl -w user.max_user_namespaces=15000";
        return "sudo mkdir -p /run/netns (rootless labs mount their own over it; `ip netns add` makes it too)";
    }

    /** A sysctl's value ("" when this kernel has no such setting). */
    private static String sysctl(String path) {
        return Machine.read(Path.of("/proc/sys", path)).map(String::strip).orElse("");
    }
}
