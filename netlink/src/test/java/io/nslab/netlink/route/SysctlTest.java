package io.nslab.netlink.route;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.ThrowawayNetns;
import io.nslab.netlink.testing.Witness;

/** Also the evidence for what Sysctl's comment says about /proc/sys/net. The machine's own values are only read. */
@KernelTest
class SysctlTest {
    @RegisterExtension final ThrowawayNetns throwaway = new ThrowawayNetns();
    private static final Path FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private static String witness(NetNs ns) {
        return Witness.run("ip", "netns", "exec", ns.name(), "sysctl", "-n", "net.ipv4.ip_forward").trim();
    }

    @Test
    void getAndSetActOnTheNamespaceOnly() throws Exception {
        NetNs a = throwaway.create();
        NetNs b = throwaway.create();
        String machine = Files.readString(FORWARD).trim();
        assertEquals("0", Sysctl.get(a, "net.ipv4.ip_forward"));
        Sysctl.set(a, "net.ipv4.ip_forward", "1");
        assertEquals("1", Sysctl.get(a, "net.ipv4.ip_forward"));
        assertEquals("1", witness(a));
        assertEquals("0", witness(b));
        assertEquals(machine, Files.readString(FORWARD).trim());
        assertEquals("1", Sysctl.get(a, "net/ipv4/conf/all/forwarding"), "slash form; ip_forward is conf.all.forwarding");
        assertThrows(IllegalArgumentException.class, () -> Sysctl.get(a, "kernel.hostname"));
        assertThrows(IllegalArgumentException.class, () -> Sysctl.get(a, "net/../kernel/hostname"));
    }

    @Test
    void theOpeningThreadDecidesTheNamespace() throws Exception {
        NetNs ns = throwaway.create();
        String machine = Files.readString(FORWARD).trim();
        // Opened on a thread inside the namespace, written from this (outside) thread after that thread died:
        FileChannel inside = ns.call(() -> FileChannel.open(FORWARD, StandardOpenOption.WRITE));
        try (inside) {
            inside.write(ByteBuffer.wrap("1\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals("1", witness(ns));
        assertEquals(machine, Files.readString(FORWARD).trim(), "the machine's value is untouched");
        // And the reverse: a file opened out here reads the machine's value even when read from inside.
        Sysctl.set(ns, "net.ipv4.ip_forward", machine.equals("1") ? "0" : "1");
        try (FileChannel outside = FileChannel.open(FORWARD, StandardOpenOption.READ)) {
            String read = ns.call(() -> {
                ByteBuffer buf = ByteBuffer.allocate(16);
                outside.read(buf);
                return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            });
            assertEquals(machine, read);
        }
    }
}
