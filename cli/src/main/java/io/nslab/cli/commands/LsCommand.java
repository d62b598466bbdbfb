package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.addr.Cidr;
import io.nslab.cli.launch.Invocation;
import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.launch.Root;
import io.nslab.cli.render.LabView;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.render.Table;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ls", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"List the labs that are up.",
            "",
            "One line per lab: its name, nodes, where the host side is, how long it has been up, and whether its services supervisor runs. When a lab has IPv6, each lab's networks too (the IPV4 and IPV6 columns: the prefixes of its nodes' addresses). A lab whose up crashed is listed too, until nslab down removes it; so is a lab whose state this nslab cannot read (marked UNREADABLE; nslab down still removes it)."},
        footer = {"",
            "Examples:",
            "  # the labs that are up",
            "  sudo nslab ls",
            "  # the same as JSON (\"readable\": false for a lab whose state cannot be read)",
            "  sudo nslab ls --json",
            "",
            "Exit codes: 0 listed (no lab up is not an error), 3 not root."})
public final class LsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin JsonOption json = new JsonOption();

    /** How many of a lab's networks a table cell names before it says how many more there are. */
    private static final int SHOWN_NETWORKS = 2;

    @Override
    public Integer call() throws Exception {
        // A lab's state directory is root's alone (0700): without root every lab would look UNREADABLE.
        Root.require("ls");
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode array = root.putArray("labs");
        List<String[]> rows = new ArrayList<>();
        boolean ipv6 = false;
        for (String name : Labs.directories()) {
            StateDir state = StateDir.of(name);
            RunningLab lab;
            try {
                lab = RunningLab.of(state);
            } catch (RuntimeException e) {
                // One lab's state (another nslab version's, half written) must not hide the others.
                String why = Files.exists(state.plan()) ? "plan.json unreadable (written by another nslab version?)"
                        : "no plan.json (an up under way, or one that crashed)";
                rows.add(new String[] {name, "?", "?", "?", "UNREADABLE: " + why, "?", "?"});
                array.addObject().put("lab", name).put("readable", false).put("problem", why);
                continue;
            }
            long upMs = Duration.between(Files.getLastModifiedTime(state.plan()).toInstant(), Instant.now()).toMillis();
            String services = !LabView.hasServices(lab.plan()) ? "none"
                    : lab.supervisor().map(p -> p.alive() ? "running" : "DEAD").orElse("not started");
            String host = lab.plan().onHost() ? "on host" : "netns " + lab.plan().hostNetns();
            List<String> v4 = networks(lab.plan(), 4), v6 = networks(lab.plan(), 6);
            ipv6 |= !v6.isEmpty();
            rows.add(new String[] {name, Integer.toString(lab.plan().nodes().size()), cell(v4), cell(v6), host, upMs / 1000 + " s", services});
            ObjectNode o = array.addObject().put("lab", name).put("readable", true).put("nodes", lab.plan().nodes().size());
            v4.forEach(o.putArray("ipv4")::add);
            v6.forEach(o.putArray("ipv6")::add);
            o.put("on_host", lab.plan().onHost()).put("host_netns", lab.plan().hostNetns()).put("up_ms", upMs).put("services", services);
        }
        if (json.on()) out.println(new ObjectMapper().writeValueAsString(root));
        else if (array.isEmpty()) out.println("no lab is up (start one with: " + Invocation.sudo("up FILE") + ")");
        else out.print(table(rows, ipv6));
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The table; the IPV4 and IPV6 columns (each lab's networks) only when a lab has IPv6, so
     * that an IPv4-only machine's {@code ls} reads as it always has.
     */
    private static Table table(List<String[]> rows, boolean ipv6) {
        Table t = ipv6 ? new Table("LAB", "NODES", "IPV4", "IPV6", "HOST SIDE", "UP FOR", "SERVICES")
                : new Table("LAB", "NODES", "HOST SIDE", "UP FOR", "SERVICES");
        for (String[] r : rows) {
            if (ipv6) t.row((Object[]) r);
            else t.row(r[0], r[1], r[4], r[5], r[6]);
        }
        return t;
    }

    /** The networks of a lab's node addresses of one family (4 or 6), in the plan's order, each once. */
    static List<String> networks(Plan plan, int family) {
        Set<String> out = new LinkedHashSet<>();
        for (PlanNode n : plan.nodes()) {
            for (String cidr : n.addresses(family).values()) out.add(Cidr.parse(cidr).subnet().toString());
        }
        return List.copyOf(out);
    }

    private static String cell(List<String> networks) {
        if (networks.isEmpty()) return "-";
        if (networks.size() <= SHOWN_NETWORKS) return String.join(" ", networks);
        return String.join(" ", networks.subList(0, SHOWN_NETWORKS)) + " +" + (networks.size() - SHOWN_NETWORKS);
    }
}
