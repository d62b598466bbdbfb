package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.testing.KernelTest;
import io.nslab.netlink.testing.Witness;

@KernelTest
class DoctorCommandTest {
    private static final String INIT = System.getProperty("nslab.init");
    private static final List<String> REQUIRED = List.of("root", "nslab-init", "namespace kinds", "netns", "veth", "bridge",
            "ip forwarding", "nf_tables nat", "cgroup v2", "node cgroups");

    @AfterEach
    void restoreInit() {
        if (INIT == null) System.clearProperty("nslab.init");
        else System.setProperty("nslab.init", INIT);
    }

    @Test
    void everyRequiredCheckPassesOnThisMachineAndNothingIsLeft() {
        List<String> netnsBefore = doctorNamespaces();
        String linksBefore = rootLinks();
        CommandRun r = nslab("doctor");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        // One line per check, then the verdict; every line starts with its status.
        assertEquals(18, lines.size(), r.out());
        for (String l : lines.subList(0, lines.size() - 1)) assertTrue(l.matches("(ok|note|missing) +\\S.*"), l);
        for (String name : REQUIRED) {
            assertTrue(lines.stream().anyMatch(l -> l.matches("ok +" + name + "  .*")), name + " not ok in:\n" + r.out());
        }
        assertEquals("nslab doctor: this machine can run nslab labs", lines.get(lines.size() - 1));
        assertEquals(netnsBefore, doctorNamespaces(), "the throwaway netns is gone");
        assertEquals(linksBefore, rootLinks(), "the machine's own links are as they were");
    }

    @Test
    void jsonHasOneObjectPerCheck() throws Exception {
        CommandRun r = nslab("doctor", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(List.of("ok", "checks"), fieldNames(root));
        assertTrue(root.get("ok").isBoolean() && root.get("ok").booleanValue());
        List<String> names = new ArrayList<>(), required = new ArrayList<>();
        for (JsonNode c : root.get("checks")) {
            assertEquals(List.of("name", "status", "required", "detail", "fix"), fieldNames(c));
            assertTrue(Set.of("ok", "missing", "note").contains(c.get("status").asText()), c.toString());
            assertTrue(c.get("required").isBoolean() && c.get("detail").isTextual(), c.toString());
            assertTrue(c.get("fix").isNull() || c.get("fix").isTextual(), c.toString());
            assertFalse(c.get("detail").asText().contains("\n"), c.toString());
            names.add(c.get("name").asText());
            if (c.get("required").booleanValue()) required.add(c.get("name").asText());
            if (c.get("required").booleanValue()) assertEquals("ok", c.get("status").asText(), c.toString());
        }
        assertEquals(REQUIRED, required);
        assertEquals(List.of("root", "nslab-init", "namespace kinds", "netns", "veth", "bridge", "ip forwarding", "nf_tables nat", "impairments",
                "user namespaces", "rootless labs", "cgroup v2", "node cgroups", "br_netfilter", "forward policy", "ping", "curl"), names);
    }

    @Test
    void aMissingInitIsReportedWithAFixAndExitCode3(@TempDir Path dir) throws Exception {
        Path absent = dir.resolve("no-such-init");
        System.setProperty("nslab.init", absent.toString());
        CommandRun r = nslab("doctor");
        assertEquals(3, r.code(), r.out());
        String line = r.out().lines().filter(l -> l.contains("nslab-init")).findFirst().orElseThrow();
        assertTrue(line.startsWith("MISSING  nslab-init"), line);
        assertTrue(line.contains(absent + " does not exist; fix: build it"), line);
        assertTrue(r.out().endsWith("nslab doctor: 1 required thing is missing\n"), r.out());

        JsonNode json = new ObjectMapper().readTree(nslab("doctor", "--json").out());
        assertFalse(json.get("ok").booleanValue());

        Path notExecutable = Files.writeString(dir.resolve("init"), "#!/bin/sh\n");
        System.setProperty("nslab.init", notExecutable.toString());
        r = nslab("doctor");
        assertEquals(3, r.code());
        assertTrue(r.out().contains(notExecutable + " is not executable; fix: chmod +x"), r.out());

        System.clearProperty("nslab.init");
        r = nslab("doctor");
        assertEquals(3, r.code());
        assertTrue(r.out().contains("the system property nslab.init is not set"), r.out());
    }

    /**
     * Where the kernel refuses: nslab (a JVM of its own) in a user namespace of its own and a
     * network namespace of that user namespace, root inside but without any capability over
     * the machine's mounts, so the probes that need them fail for real: each is MISSING with a
     * fix, the verdict counts them, exit 3, and nothing is left behind.
     */
    @Test
    void whereTheKernelRefusesTheProbesAreMissingAndTheExitCodeIs3() throws Exception {
        List<String> netnsBefore = doctorNamespaces();
        List<String> cmd = List.of("unshare", "--user", "--map-root-user", "--net",
                ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                "-Dnslab.init=" + INIT, "-XX:TieredStopAtLevel=1", io.nslab.cli.Main.class.getName(), "doctor");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(3, p.waitFor(), out);
        List<String> missing = out.lines().filter(l -> l.startsWith("MISSING")).toList();
        assertTrue(missing.stream().anyMatch(l -> l.startsWith("MISSING  netns ") && l.contains("EPERM") && l.contains("; fix: ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("ok       root")), "root inside its namespace: " + out);
        assertTrue(out.endsWith("nslab doctor: " + missing.size() + " required things are missing\n"), out);
        assertEquals(netnsBefore, doctorNamespaces(), "nothing left");
    }

    /** Doctor's throwaway namespaces (nslab_doctor_PID): other namespaces come and go on a shared machine. */
    private static List<String> doctorNamespaces() {
        return NetNs.list().stream().filter(n -> n.startsWith("nslab_doctor_")).toList();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The machine's own links, by name and state, as iproute2 sees them. */
    private static String rootLinks() {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode l : new ObjectMapper().readTree(Witness.run("ip", "-j", "link", "show"))) out.add(l.get("ifname").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return String.join(" ", out);
    }
}
