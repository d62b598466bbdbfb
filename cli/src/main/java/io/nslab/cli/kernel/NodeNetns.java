package io.nslab.cli.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.nslab.core.InitBinary;
import io.nslab.core.NodeException;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.ns.NetNsCreateFailed;
import io.nslab.sys.SysException;

/**
 * Nodes' network namespaces, each owned by a user namespace of the node's own, with every id
 * mapped to itself: the node's root may then hold NET_ADMIN, NET_RAW or SYS_ADMIN over its own
 * namespaces, and none over the machine's (netns.c says why, and how). Made by
 * {@code nslab-init netns}, since a JVM, being multithreaded, may not create a user namespace;
 * pinned at /run/netns/NAME like any other, and deleted like any other (the user namespace
 * goes with it).
 */
public final class NodeNetns {
    private NodeNetns() {}

    /** Names per nslab-init run: a command line of 10,000 names would still fit, but need not. */
    static final int PER_RUN = 1000;

    /**
     * Creates the namespaces, in order, and returns them opened. On the first failure throws
     * {@link NetNsCreateFailed}: those before it were made and stay (delete them by name).
     */
    public static List<NetNs> create(List<String> names) {
        NetNs.makeRunNetnsShared();
        for (int from = 0; from < names.size(); from += PER_RUN) {
            List<String> part = names.subList(from, Math.min(names.size(), from + PER_RUN));
            try {
                run(part);
            } catch (NetNsCreateFailed e) {
                throw new NetNsCreateFailed(from + e.made(), e);
            }
        }
        return NetNs.openAll(names);
    }

    private static String maxUserNamespaces() {
        try {
            return Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).strip();
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    private static void run(List<String> names) {
        List<String> argv = new ArrayList<>(List.of(InitBinary.path().toString(), "netns", NetNs.RUN_NETNS.toString()));
        argv.addAll(names);
        String out;
        int status;
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            status = p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("nslab-init netns: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException("interrupted while making network namespaces");
        }
        if (status == 0 && out.equals("made " + names.size())) return;
        // "error K ERRNO WHAT NAME": the K-th failed, those before it stand.
        String[] f = out.split(" ", 5);
        if (f.length < 5 || !f[0].equals("error")) throw new NodeException("nslab-init netns failed (status " + status + "): " + out);
        int made = Integer.parseInt(f[1]);
        String name = names.get(made);
        String what = f[3].equals("create") ? "create netns " + name
                : f[3].equals("make") ? "create netns " + name + " in a user namespace of the node's own (the kernel refused one; "
                        + "user.max_user_namespaces is " + maxUserNamespaces() + ")"
                : "create netns " + name + " (" + f[3] + " " + f[4] + ")";
        throw new NetNsCreateFailed(made, new SysException(what, Integer.parseInt(f[2])));
    }
}
