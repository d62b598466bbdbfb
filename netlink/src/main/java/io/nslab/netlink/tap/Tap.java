package io.nslab.netlink.tap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.nslab.netlink.ns.NetNs;
import io.nslab.sys.Sys;

/**
 * A tap device (a link whose frames a program reads and writes through /dev/net/tun), as
 * {@code ip tuntap add dev NAME mode tap} makes it: persistent, so it outlives the descriptor
 * that made it and is removed like any link. A program attaches to it by name with
 * {@link #attach}; frames the kernel sends out of the tap are then read from that descriptor.
 * The tap is made in the namespace the descriptor was opened in, so both calls open it on a
 * thread inside {@code netns}.
 */
public final class Tap {
    static final long TUNSETIFF = 0x400454caL, TUNSETPERSIST = 0x400454cbL;
    static final int IFF_TAP = 0x0002, IFF_NO_PI = 0x1000;
    static final int O_NONBLOCK = 04000;

    private Tap() {}

    /** Creates the persistent tap NAME in {@code netns} (EBUSY if a link of that name exists). */
    public static void create(NetNs netns, String name) {
        int fd = open(netns, name, 0);
        try {
            Sys.check(Sys.C.ioctl(fd, TUNSETPERSIST, 1L), "make tap " + name + " persistent");
        } finally {
            Sys.close(fd);
        }
    }

    /** A non-blocking descriptor attached to the existing tap NAME in {@code netns}: the frames it sends out are read here. */
    public static int attach(NetNs netns, String name) {
        return open(netns, name, O_NONBLOCK);
    }

    private static int open(NetNs netns, String name, int extraFlags) {
        return netns.call(() -> {
            int fd = Sys.open("/dev/net/tun", Sys.O_RDWR | extraFlags);
            try {
                ByteBuffer ifr = ByteBuffer.allocateDirect(40).order(ByteOrder.nativeOrder());
                byte[] n = name.getBytes(StandardCharsets.US_ASCII);
                if (n.length > 15) throw new IllegalArgumentException("tap name too long: " + name);
                ifr.put(0, n).putShort(16, (short) (IFF_TAP | IFF_NO_PI));
                Sys.check(Sys.C.ioctl(fd, TUNSETIFF, ifr), "open tap " + name);
                return fd;
            } catch (RuntimeException e) {
                Sys.close(fd);
                throw e;
            }
        });
    }
}
