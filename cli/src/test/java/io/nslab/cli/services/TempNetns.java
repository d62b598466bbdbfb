package io.nslab.cli.services;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.nslab.netlink.sys.InNamespace;
import io.nslab.netlink.sys.Sys;
import io.nslab.netlink.sys.SysException;

/**
 * TEMPORARY test helper, until the netlink module's ThrowawayNetns is merged: a network
 * namespace made by unshare on a fresh thread, persisted as /run/netns/nst-..., with lo up.
 */
public final class TempNetns implements AutoCloseable {
    private final Path path;

    private TempNetns(Path path) {
        this.path = path;
    }

    public static TempNetns create() {
        Path path = Path.of("/run/netns", "nst-svc-" + UUID.randomUUID().toString().substring(0, 8));
        InNamespace.call(Path.of("/proc/self/ns/net").toString(), () -> {
            Files.createDirectories(path.getParent());
            Files.createFile(path);
            Sys.unshare(Sys.CLONE_NEWNET);
            Sys.mount("/proc/thread-self/ns/net", path.toString(), null, Sys.MS_BIND);
            loUp();
            return null;
        });
        return new TempNetns(path);
    }

    public String path() { return path.toString(); }

    @Override
    public void close() throws Exception {
        Sys.umount(path.toString(), Sys.MNT_DETACH);
        Files.deleteIfExists(path);
    }

    /** RTM_NEWLINK for ifindex 1 (lo in every new namespace) with IFF_UP set. */
    private static void loUp() {
        int fd = Sys.check(Sys.C.socket(16 /* AF_NETLINK */, 3 /* SOCK_RAW */ | 02000000, 0 /* NETLINK_ROUTE */), "netlink socket");
        try {
            ByteBuffer m = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
            m.putInt(32).putShort((short) 16 /* RTM_NEWLINK */).putShort((short) 5 /* REQUEST|ACK */).putInt(1).putInt(0);
            m.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(1).putInt(1 /* IFF_UP */).putInt(1);
            m.flip();
            Sys.check(Sys.C.send(fd, m, 32, 0), "send RTM_NEWLINK");
            ByteBuffer ack = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
            Sys.check(Sys.C.recv(fd, ack, 4096, 0), "receive ACK");
            int error = ack.getInt(16);
            if (error != 0) throw new SysException("set lo up", -error);
        } finally {
            Sys.close(fd);
        }
    }
}
