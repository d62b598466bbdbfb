package io.nslab.topology.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Linux capabilities, in the kernel's bit order (capabilities(7), linux/capability.h): the
 * ordinal is the bit. Named as Docker names them ({@code NET_ADMIN}); a lab file may write
 * {@code CAP_NET_ADMIN} too, in either case.
 */
public enum Capability {
    CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
    LINUX_IMMUTABLE, NET_BIND_SERVICE, NET_BROADCAST, NET_ADMIN, NET_RAW, IPC_LOCK, IPC_OWNER,
    SYS_MODULE, SYS_RAWIO, SYS_CHROOT, SYS_PTRACE, SYS_PACCT, SYS_ADMIN, SYS_BOOT, SYS_NICE,
    SYS_RESOURCE, SYS_TIME, SYS_TTY_CONFIG, MKNOD, LEASE, AUDIT_WRITE, AUDIT_CONTROL, SETFCAP,
    MAC_OVERRIDE, MAC_ADMIN, SYSLOG, WAKE_ALARM, BLOCK_SUSPEND, AUDIT_READ, PERFMON, BPF,
    CHECKPOINT_RESTORE;

    /**
     * Docker's default set (moby, oci/caps/defaults.go): what a container's root keeps. Not
     * SYS_ADMIN (mount, sethostname, unshare), SYS_TIME (the machine's clock), SYS_MODULE,
     * SYS_RAWIO, SYS_BOOT, NET_ADMIN, ...
     */
    public static final Set<Capability> DOCKER_DEFAULT = Set.copyOf(EnumSet.of(CHOWN, DAC_OVERRIDE, FSETID, FOWNER,
            MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE));

    /**
     * A node's default: Docker's, NET_ADMIN, which routers and network tools need in their own
     * network namespace, and SYS_ADMIN, which FRR's daemons insist on (they exit without it) and
     * `hostname` and `mount` need. Both are held in the node's own user namespace, which owns the
     * node's namespaces and nothing of the machine's: the clock, modules, devices and the
     * machine's sysctls stay out of reach, and the container's masks over /proc and /sys are
     * locked (mounted before, by the machine's root). A node's `user` map owns its namespaces likewise.
     */
    public static final Set<Capability> NODE_DEFAULT = with(DOCKER_DEFAULT, NET_ADMIN, SYS_ADMIN);

    /**
     * The default of a node with a {@code user} map of its own: Docker's and NET_ADMIN, not
     * SYS_ADMIN. Its init mounts its /proc and the masks inside that user namespace, where the
     * kernel does not lock them; with SYS_ADMIN, a map that keeps the node's root at the machine's
     * uid 0 could lift them. A map onto other ids (labs/user.json) may add it.
     */
    public static final Set<Capability> MAPPED_NODE_DEFAULT = with(DOCKER_DEFAULT, NET_ADMIN);

    private static Set<Capability> with(Set<Capability> set, Capability... more) {
        EnumSet<Capability> all = EnumSet.copyOf(set);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** The capability a lab file names ({@code NET_ADMIN}, {@code cap_net_admin}, ...), or null. */
    public static Capability byName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) n = n.substring(4);
        for (Capability c : values()) if (c.name().equals(n)) return c;
        return null;
    }

    /** As capabilities(7) writes it: {@code CAP_NET_ADMIN}. */
    public String capName() { return "CAP_" + name(); }

    /** The bit mask of a set (CapEff's form in /proc/PID/status). */
    public static long mask(Iterable<Capability> caps) {
        long m = 0;
        for (Capability c : caps) m |= 1L << c.ordinal();
        return m;
    }

    /** The capabilities of a mask, in bit order (bits this list does not know are left out). */
    public static List<Capability> of(long mask) {
        return java.util.Arrays.stream(values()).filter(c -> (mask & (1L << c.ordinal())) != 0).toList();
    }

    /** Sorted in bit order, by name: what a plan stores. */
    public static List<String> names(Set<Capability> caps) {
        return caps.stream().sorted().map(Enum::name).toList();
    }
}
