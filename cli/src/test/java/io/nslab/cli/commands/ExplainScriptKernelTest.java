package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.cli.state.LabMark;
import io.nslab.core.cgroup.Cgroups;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.topology.plan.CgroupPaths;

/**
 * Runs the script {@code explain} prints for labs/bridge.json (renamed to a unique
 * {@code nst-} lab) with sh, and checks with iproute2 and nft, as independent witnesses,
 * that it built the lab: addresses, routes, bridge ports, NAT rules, the nodes' hostname
 * and /etc/hosts, and traffic through the bridge and through MASQUERADE. Everything it
 * made (its namespaces, the node processes it started) is removed even when a check fails.
 */
@KernelTest
class ExplainScriptKernelTest {
    @TempDir Path dir;
    final String lab = "nst-" + suffix();
    final List<String> namespaces = List.of(lab, lab + "-web", lab + "-client", lab + "-isp");
    final ObjectMapper json = new ObjectMapper();

    static String suffix() {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) s.append(chars.charAt(r.nextInt(chars.length())));
        return s.toString();
    }

    Path state() { return dir.resolve("state"); }

    @Test
    void theScriptBuildsTheLab() throws Exception {
        String bridge = Files.readString(CommandRun.LABS.resolve("bridge.json"));
        assertTrue(bridge.contains("\"name\": \"bridge\""));
        Path labFile = dir.resolve(lab + ".json");
        Files.writeString(labFile, bridge.replace("\"name\": \"bridge\"", "\"name\": \"" + lab + "\""));

        CommandRun explained = nslab("explain", labFile.toString());
        assertEquals(0, explained.code(), explained.err());
        Path script = dir.resolve("lab.sh");
        Files.writeString(script, explained.out());

        ProcessBuilder sh = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        sh.environment().put("STATE", state().toString());
        Result built = run(sh);
        assertEquals(0, built.code(), built.out());

        // Each namespace carries nslab's mark, as up sets it: what down's sweep looks for.
        for (String ns : List.of(lab, lab + "-web", lab + "-client", lab + "-isp")) {
            assertEquals(LabMark.of(lab).text(), ipJson("-n", ns, "link", "show", "lo").get(0).path("ifalias").asText(), ns);
        }
        assertEquals(List.of("172.20.0.1/24"), addresses(lab, "nslab0"));
        assertEquals(List.of("198.51.100.1/24"), addresses(lab, "wan0"));
        assertEquals(List.of("172.20.0.10/24"), addresses(lab + "-web", "eth0"));
        assertEquals(List.of("172.20.0.2/24"), addresses(lab + "-client", "eth0"));
        assertEquals(List.of("198.51.100.2/24"), addresses(lab + "-isp", "eth0"));
        for (String port : List.of("web-eth0", "client-eth0")) {
            JsonNode link = ipJson("-n", lab, "link", "show", "dev", port).get(0);
            assertEquals("nslab0", link.path("master").asText(), link.toString());
        }
        for (String node : List.of("web", "client")) {
            JsonNode route = ipJson("-n", lab + "-" + node, "route", "show", "default").get(0);
            assertEquals("172.20.0.1", route.path("gateway").asText(), route.toString());
        }
        assertEquals(0, ipJson("-n", lab + "-isp", "route", "show", "default").size());
        assertEquals("1", ok("ip", "netns", "exec", lab, "sysctl", "-n", "net.ipv4.ip_forward").strip());

        String nat = ok("ip", "netns", "exec", lab, "nft", "-j", "list", "table", "inet", "nslab-" + lab);
        assertTrue(nat.contains("\"masquerade\""), nat);
        assertTrue(nat.contains("\"dnat\": {\"family\": \"ip\", \"addr\": \"172.20.0.10\", \"port\": 80}"), nat);
        assertTrue(nat.contains("\"right\": 8080"), nat);

        int webInit = nodeInit("web");
        assertEquals("web", ok("nsenter", "-t", Integer.toString(webInit), "-u", "hostname").strip());
        String hosts = ok("nsenter", "-t", Integer.toString(webInit), "-m", "cat", "/etc/hosts");
        assertTrue(hosts.contains("172.20.0.2\tclient\n") && hosts.contains("198.51.100.2\tisp.eth0\n"), hosts + "\nweb's log:\n" + log("web"));
        // Its root is the machine's tree through an overlay, its upper layer on the lab's layers tmpfs, its /run its own.
        String mounts = ok("nsenter", "-t", Integer.toString(webInit), "-m", "cat", "/proc/1/mountinfo");
        assertTrue(mounts.lines().anyMatch(l -> l.split(" ")[4].equals("/") && l.contains(" - overlay ")
                && l.contains("upperdir=" + state().resolve("layers/web/upper"))), mounts);
        // only util-linux's own /run/mount (utab, written by the script's later mount commands): nothing of the machine's /run
        assertEquals("mount", ok("nsenter", "-t", Integer.toString(webInit), "-m", "ls", "/run").strip());
        // The node's own /proc (mounted by unshare --mount-proc) shows its PID namespace: PID 1 is its init.
        assertEquals("sleep", ok("nsenter", "-t", Integer.toString(webInit), "-m", "cat", "/proc/1/comm").strip());
        // with a container's capabilities: Docker's set and NET_ADMIN, the rest out of its bounding set
        String status = Files.readString(Path.of("/proc", Integer.toString(webInit), "status"));
        assertTrue(status.contains("CapBnd:\t00000000a80435fb"), status);
        assertEquals("0", ok("nsenter", "-t", Integer.toString(webInit), "-m", "sh", "-c", "find /dev -type b | wc -l").strip());

        // The node's first process is in its cgroup, made by the script's mkdir (as the machine sees it)
        String cgroup = Files.readString(Path.of("/proc", Integer.toString(webInit), "cgroup"));
        assertTrue(cgroup.contains(":/nslab/" + lab + "/web\n"), cgroup);

        // Traffic only between the lab's own namespaces: across the bridge, and out through MASQUERADE.
        ok("ip", "netns", "exec", lab + "-client", "ping", "-c1", "-W2", "172.20.0.10");
        ok("ip", "netns", "exec", lab + "-client", "ping", "-c1", "-W2", "198.51.100.2");
    }

    /**
     * In a Docker container (CI's machine) /etc/hosts, /etc/hostname and /etc/resolv.conf are
     * files bind-mounted on the machine's /: the node's root script binds them read-only into
     * its overlay as well, then the lab's /etc/hosts over the machine's. Here the script runs
     * in a mount namespace of its own where a file is bound on /etc/hosts, as Docker does
     * (private: the machine's /etc/hosts is untouched).
     */
    @Test
    void aFileMountedOnTheMachinesRootIsKeptAndTheLabsHostsFileIsTheNodes() throws Exception {
        Path labFile = dir.resolve(lab + ".json");
        Files.writeString(labFile, "{ \"name\": \"" + lab + "\", \"nodes\": { \"web\": {} } }");
        CommandRun explained = nslab("explain", labFile.toString());
        assertEquals(0, explained.code(), explained.err());
        Path script = dir.resolve("lab.sh");
        Files.writeString(script, explained.out());
        Path machineHosts = dir.resolve("machine-hosts");
        Files.writeString(machineHosts, "192.0.2.1\tthe-machine\n");

        ProcessBuilder sh = new ProcessBuilder("unshare", "--mount", "sh", "-c", "mount --bind \"$0\" /etc/hosts && sh \"$1\"",
                machineHosts.toString(), script.toString());
        sh.environment().put("STATE", state().toString());
        Result built = run(sh);
        assertEquals(0, built.code(), built.out());

        int web = nodeInit("web");
        String hosts = ok("nsenter", "-t", Integer.toString(web), "-m", "cat", "/etc/hosts");
        assertTrue(hosts.startsWith("# /etc/hosts of lab " + lab) && !hosts.contains("the-machine"),
                hosts + "\nweb's log:\n" + log("web"));
        String mounts = ok("nsenter", "-t", Integer.toString(web), "-m", "cat", "/proc/1/mountinfo");
        assertTrue(mounts.lines().anyMatch(l -> l.split(" ")[4].equals("/") && l.contains(" - overlay ")), mounts);
        // the machine's file, read-only, under the lab's
        assertTrue(mounts.lines().filter(l -> l.split(" ")[4].equals("/etc/hosts")).count() == 2
                && mounts.lines().anyMatch(l -> l.split(" ")[4].equals("/etc/hosts") && l.split(" ")[5].startsWith("ro,")), mounts);
    }

    /**
     * The PID of a node's first process inside its PID namespace (the child of unshare), once it
     * runs the node's program: the script starts nodes in the background, and a node's shell first
     * makes its root and its container's /dev, /proc and /sys (a few hundred ms), then execs it.
     */
    int nodeInit(String node) throws IOException, InterruptedException {
        long unshare = Long.parseLong(Files.readString(state().resolve(node + ".pid")).strip());
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
            var child = ProcessHandle.of(unshare).flatMap(h -> h.children().findFirst());
            if (child.isPresent() && child.get().info().command().map(c -> c.endsWith("/sleep")).orElse(false)) return (int) child.get().pid();
            if (ProcessHandle.of(unshare).isEmpty()) break;
        }
        // a node that did not start (its root could not be made) says why in its log
        throw new AssertionError("node " + node + " is not running its program; its log:\n" + log(node));
    }

    String log(String node) {
        try {
            return Files.readString(state().resolve(node + ".log"));
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    List<String> addresses(String netns, String dev) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode i : ipJson("-n", netns, "addr", "show", "dev", dev)) {
            for (JsonNode a : i.path("addr_info")) {
                if (a.path("family").asText().equals("inet")) out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
            }
        }
        return out;
    }

    JsonNode ipJson(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "-j"));
        cmd.addAll(List.of(args));
        return json.readTree(ok(cmd.toArray(String[]::new)));
    }

    record Result(int code, String out) {}

    static Result run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(pb.command() + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static String ok(String... cmd) throws Exception {
        Result r = run(new ProcessBuilder(cmd));
        assertEquals(0, r.code(), () -> String.join(" ", cmd) + ": " + r.out());
        return r.out();
    }

    /** Kills the node processes the script started (by the PIDs it recorded), then deletes the lab's namespaces. */
    @AfterEach
    void removeEverything() throws Exception {
        if (Files.isDirectory(state())) {
            try (Stream<Path> files = Files.list(state())) {
                for (Path pidFile : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    long pid = Long.parseLong(Files.readString(pidFile).strip());
                    ProcessHandle.of(pid).ifPresent(h -> {
                        // Only the unshare this test started: a PID may have been reused by then.
                        if (!h.info().command().orElse("").endsWith("unshare")) return;
                        List<ProcessHandle> tree = h.descendants().toList();
                        h.destroyForcibly();
                        tree.forEach(ProcessHandle::destroyForcibly);
                        h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> h).join();
                    });
                }
            }
        }
        for (String ns : namespaces) {
            if (Files.exists(Path.of("/run/netns", ns))) run(new ProcessBuilder("ip", "netns", "del", ns));
        }
        for (String ns : namespaces) assertTrue(!Files.exists(Path.of("/run/netns", ns)), "netns " + ns + " is left");
        // the lab's layers tmpfs (the nodes, whose overlays used it, are gone)
        Path layers = state().resolve("layers");
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + layers + " ")) run(new ProcessBuilder("umount", "-l", layers.toString()));
        assertTrue(!Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + layers + " "), "the layers tmpfs is left");
        // the cgroups the script made (the processes in them are gone by now), and nslab/ if no lab is in it
        Cgroups cgroups = Cgroups.detect();
        cgroups.remove(CgroupPaths.lab(lab));
        cgroups.removeIfEmpty(CgroupPaths.TOP);
        assertTrue(!cgroups.exists(CgroupPaths.lab(lab)), "cgroups of " + lab + " are left");
    }
}
