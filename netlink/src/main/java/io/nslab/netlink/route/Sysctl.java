package io.nslab.netlink.route;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.nslab.netlink.ns.NetNs;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;

/**
 * Per-namespace sysctls (net.*) that netlink has no call for, such as net.ipv4.ip_forward.
 *
 * <p>What the kernel does (checked by SysctlTest): the entries under /proc/sys/net belong to
 * the network namespace of the <em>thread that opens the file</em> (the lookup uses the
 * calling thread's namespaces), not to that of the process, of /proc's mounter, or of the
 * thread that later reads or writes the open descriptor. So each get/set opens the file on a
 * short-lived thread inside the namespace; a descriptor opened there keeps acting on that
 * namespace from any thread.
 */
public final class Sysctl {
    private Sysctl() {}

    /** The value of a key such as "net.ipv4.ip_forward" (or "net/ipv4/ip_forward") in {@code netns}, trimmed. */
    public static String get(NetNs netns, String key) {
        Path path = path(key);
        return netns.call(() -> {
            try {
                return Files.readString(path, StandardCharsets.US_ASCII).trim();
            } catch (IOException e) {
                throw failure("read sysctl " + key, e);
            }
        });
    }

    /** Sets a key in {@code netns}. */
    public static void set(NetNs netns, String key, String value) {
        Path path = path(key);
        netns.run(() -> {
            try {
                Files.writeString(path, value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw failure("set sysctl " + key + "=" + value, e);
            }
        });
    }

    /** sysctl(8)'s naming: dots separate levels, unless the key already uses slashes. */
    static Path path(String key) {
        if (!key.matches("[A-Za-z0-9_./-]+") || key.contains("..")) throw new IllegalArgumentException("invalid sysctl key '" + key + "'");
        String relative = key.contains("/") ? key : key.replace('.', '/');
        if (!relative.startsWith("net/")) throw new IllegalArgumentException("not a network namespace sysctl: '" + key + "'");
        return Path.of("/proc/sys").resolve(relative);
    }

    private static SysException failure(String what, IOException e) {
        int errno = e instanceof java.nio.file.NoSuchFileException ? Errno.ENOENT
                : e instanceof java.nio.file.AccessDeniedException ? Errno.EACCES : Errno.EINVAL;
        return new SysException(what, errno);
    }
}
