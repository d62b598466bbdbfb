package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.core.ProcessStamp;
import io.nslab.netlink.testing.KernelTest;

/**
 * The ospf lesson's routers run FRR in nodes and leave nothing of it: while the lab is up each
 * router has its own zebra and ospfd (in its own network namespace), the lab's checks pass
 * within their timeouts (OSPF converges), and after {@code down} none of those daemons is
 * left, and the machine's own /etc/frr and /run/frr are byte for byte what they were (the
 * routers' configuration and run-time files were in their own roots).
 */
@KernelTest
class OspfLabTest {
    static final Set<String> FRR = Set.of("zebra", "ospfd", "watchfrr");
    static final List<String> ROUTERS = List.of("r1", "r2", "r3");

    @TempDir Path tmp;

    @Test
    void routersRunTheirOwnFrrAndLeaveNothingOfIt() throws Exception {
        TreeMap<String, String> etc = snapshot(Path.of("/etc/frr")), run = snapshot(Path.of("/run/frr"));
        String lab = Nslab.uniqueName();
        Path file = Nslab.copyAs(Nslab.repo().resolve("labs/ospf.json"), lab, tmp);
        List<ProcessStamp> daemons = new ArrayList<>();
        try {
            long start = System.nanoTime();
            Nslab.Run up = Nslab.run("up", "--wait", file.toString());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, up.code(), up.toString());
            assertTrue(up.out().contains("all 5 checks passed"), up.out());
            System.out.println("ospf lab: up --wait in " + ms + " ms");
            for (String router : ROUTERS) {
                List<ProcessStamp> found = frrIn(lab + "-" + router);
                assertEquals(2, found.size(), router + " runs one zebra and one ospfd: " + found);
                daemons.addAll(found);
            }
        } finally {
            LabTraces.downLeavingNothing("ospf lab", lab, tmp);
        }
        for (ProcessStamp d : daemons) assertFalse(d.alive(), "an FRR daemon of the lab survived down: PID " + d.pid());
        assertEquals(etc, snapshot(Path.of("/etc/frr")), "the machine's /etc/frr changed");
        assertEquals(run, snapshot(Path.of("/run/frr")), "the machine's /run/frr changed");
    }

    /** The FRR daemons whose network namespace is the one pinned at /run/netns/NETNS. */
    static List<ProcessStamp> frrIn(String netns) throws IOException {
        long inode = ((Number) Files.getAttribute(Path.of("/run/netns", netns), "unix:ino")).longValue();
        List<ProcessStamp> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (!FRR.contains(Files.readString(proc.resolve("comm")).strip())) continue;
                    String link = Files.readSymbolicLink(proc.resolve("ns/net")).toString();
                    if (Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']'))) != inode) continue;
                    ProcessStamp.of(Integer.parseInt(proc.getFileName().toString())).ifPresent(found::add);
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile, or is not ours to read
                }
            }
        }
        return found;
    }

    /** Every file and directory under {@code dir}: its type, mode, owner, size and a digest of its content (absent: empty). */
    static TreeMap<String, String> snapshot(Path dir) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return out;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what = (a.isDirectory() ? "d" : a.isRegularFile() ? "f" : "o") + " " + a.permissions() + " " + a.owner().getName()
                        + ":" + a.group().getName() + " " + a.size() + " " + a.lastModifiedTime();
                if (a.isRegularFile()) what += " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
                out.put(dir.relativize(f).toString(), what);
            }
        }
        return out;
    }
}
