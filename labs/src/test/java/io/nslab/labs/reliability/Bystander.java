package io.nslab.labs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.core.cgroup.Cgroups;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.Witness;
import io.nslab.topology.plan.CgroupPaths;

/**
 * Things nslab did not create, made to look like a lab's, beside it: a namespace whose name
 * starts with the lab's (but is not LAB or LAB-*), holding interfaces named like the lab's
 * (eth0, br0), an nf_tables table named like the lab's NAT table, a process in that
 * namespace (its argv names it, as a node init's names the lab's), and an unmarked cgroup
 * beside the lab's (nslab/LABw, with a cgroup of its own below it). Whatever nslab does to
 * the lab, they must survive untouched (Mininet's `mn -c` deletes what it did not create).
 */
final class Bystander implements AutoCloseable {
    final String netns;
    private final String table;
    private final Process process;

    Bystander(String lab) {
        this.netns = lab + "w";
        this.table = "nslab-" + lab;
        NetNs.create(netns).close();
        Witness.run("ip", "-n", netns, "link", "add", "eth0", "type", "veth", "peer", "name", "br0");
        Witness.run("ip", "-n", netns, "link", "set", "eth0", "up");
        Witness.run("ip", "netns", "exec", netns, "nft", "add", "table", "ip", table);
        Witness.run("ip", "netns", "exec", netns, "nft", "add", "chain", "ip", table, "postrouting",
                "{ type nat hook postrouting priority srcnat; policy accept; }");
        this.cgroups = Cgroups.detect().dirs(CgroupPaths.TOP + "/" + netns + "/web");
        for (Path d : cgroups) Witness.run("mkdir", "-p", d.toString());
        try {
            process = new ProcessBuilder("nsenter", "--net=/run/netns/" + netns, "sleep", "3600").start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("start the bystander's process", e);
        }
    }

    private final List<Path> cgroups;

    /** Still all there, as it was made. */
    void assertIntact(String what) {
        assertTrue(NetNs.exists(netns), what + ": the bystander namespace " + netns + " is gone");
        List<String> links = new ArrayList<>();
        for (JsonNode l : Witness.ip(netns, "link", "show")) links.add(l.get("ifname").asText());
        links.sort(null);
        assertEquals(List.of("br0", "eth0", "lo"), links, what + ": the bystander's interfaces");
        String tables = Witness.run("ip", "netns", "exec", netns, "nft", "list", "table", "ip", table);
        assertTrue(tables.contains("chain postrouting"), what + ": the bystander's table: " + tables);
        assertTrue(process.isAlive(), what + ": the bystander's process (PID " + process.pid() + ") was killed");
        for (Path d : cgroups) assertTrue(Files.isDirectory(d), what + ": the bystander's cgroup " + d + " is gone");
    }

    @Override
    public void close() {
        process.destroyForcibly(); // the PID this test started
        NetNs.delete(netns);
        for (Path d : cgroups) {
            Witness.run("rmdir", d.toString(), d.getParent().toString());
            Witness.run("sh", "-c", "rmdir " + d.getParent().getParent() + " 2>/dev/null || true"); // nslab/, unless a lab is in it
        }
    }
}
