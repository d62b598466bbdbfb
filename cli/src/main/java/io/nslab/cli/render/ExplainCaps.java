package io.nslab.cli.render;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.nslab.topology.model.Capability;
import io.nslab.topology.plan.Steps.StartNode;

/**
 * A node's capabilities as a student could set them by hand: util-linux's {@code setpriv}
 * (the bounding set, which confines root across execve, and an empty inheritable set), and
 * what Docker's {@code docker run} would be told for the same set.
 */
final class ExplainCaps {
    private ExplainCaps() {}

    static Set<Capability> of(StartNode s) {
        EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
        for (String name : s.capabilities()) set.add(Capability.valueOf(name));
        return set;
    }

    /** {@code setpriv --inh-caps=-all --bounding-set=-all,+chown,...}: only for a node that is not privileged. */
    static String setpriv(StartNode s) {
        // The script's node keeps the machine's user namespace (ExplainScript): SYS_ADMIN would be the machine's.
        String keep = of(s).stream().filter(c -> c != Capability.SYS_ADMIN)
                .map(c -> ",+" + c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining());
        return "setpriv --inh-caps=-all --bounding-set=-all" + keep;
    }

    /** Docker's flags for the node's set: {@code --privileged}, or the --cap-add and --cap-drop over its default. */
    static String docker(StartNode s) {
        if (s.privileged()) return "docker run --privileged";
        Set<Capability> set = of(s);
        // Over Docker's default, or from none (--cap-drop ALL): whichever says it in fewer flags.
        StringBuilder over = new StringBuilder("docker run"), fromNone = new StringBuilder("docker run --cap-drop ALL");
        for (Capability c : Capability.values()) {
            if (set.contains(c) && !Capability.DOCKER_DEFAULT.contains(c)) over.append(" --cap-add ").append(c.name());
            if (!set.contains(c) && Capability.DOCKER_DEFAULT.contains(c)) over.append(" --cap-drop ").append(c.name());
            if (set.contains(c)) fromNone.append(" --cap-add ").append(c.name());
        }
        return (over.length() <= fromNone.length() ? over : fromNone).toString();
    }

    /**
     * {@code $STATE/container.sh}: a container's /dev, /proc and /sys, as nslab-init makes them
     * for a node that is not privileged (Docker's devices, masked and read-only paths), run in
     * the node's mount namespace before setpriv.
     */
    static List<String> containerView() {
        return List.of(
                "# A /dev of its own, not the machine's (its disks): harmless devices, its own terminals and shm.",
                "mount -t tmpfs -o nosuid,noexec,mode=0755,size=64k tmpfs /dev",
                "mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7",
                "mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 666 /dev/tty c 5 0",
                "ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout",
                "ln -s /proc/self/fd/2 /dev/stderr; ln -s pts/ptmx /dev/ptmx; mkdir /dev/pts /dev/shm",
                "mount -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620 devpts /dev/pts",
                "mount -t tmpfs -o nosuid,nodev,noexec,mode=1777,size=64m shm /dev/shm",
                "# The machine's kernel files no namespace covers: masked (an empty read-only tmpfs, /dev/null).",
                "for p in /proc/asound /proc/acpi /proc/scsi /sys/firmware /sys/devices/virtual/powercap; do",
                "  [ -d $p ] && mount -t tmpfs -o ro,nosuid,nodev,noexec,size=0 tmpfs $p",
                "done",
                "for p in /proc/kcore /proc/keys /proc/latency_stats /proc/timer_list /proc/timer_stats /proc/sched_debug; do",
                "  [ -e $p ] && mount --bind /dev/null $p",
                "done",
                "# Read-only: the machine's buses, IRQs and SysRq key; /proc/sys but /proc/sys/net (the node's own); /sys.",
                "for p in /proc/bus /proc/fs /proc/irq /proc/sysrq-trigger; do",
                "  [ -e $p ] && mount --bind $p $p && mount -o remount,bind,ro,nosuid,nodev,noexec $p",
                "done",
                "mount --bind /proc/sys/net /proc/sys/net",
                "mount --rbind /proc/sys /proc/sys && mount -o remount,bind,ro,nosuid,nodev,noexec /proc/sys",
                "mount -o remount,bind,ro,nosuid,nodev,noexec /sys",
                "true");
    }

    /** One comment line: what the node's root keeps, and how Docker would say it. */
    static String describe(StartNode s) {
        if (s.privileged()) {
            return "Privileged: every capability (" + docker(s) + "): its root is the machine's root.";
        }
        List<String> names = s.capabilities();
        String which = of(s).equals(Capability.NODE_DEFAULT) ? "Docker's default set, NET_ADMIN and SYS_ADMIN, in the node's own user namespace"
                : names.isEmpty() ? "no capability" : String.join(" ", names);
        return "Capabilities: " + which + " (" + docker(s) + ").";
    }
}
