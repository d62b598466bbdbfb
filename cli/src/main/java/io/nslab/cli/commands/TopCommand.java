package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.print.Numbers;
import io.nslab.cli.render.NodeUsage;
import io.nslab.cli.launch.Root;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.render.Table;
import io.nslab.cli.state.Labs;
import io.nslab.core.cgroup.CgroupUsage;
import io.nslab.topology.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "top", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Show what each node of a lab uses, every second.",
            "",
            "Like docker stats: the share of a core each node used over the last second, its memory against its limit, its processes against their limit, and how many of its processes the OOM killer ended. Read from each node's cgroup (nslab/LAB/NODE). Ctrl-C ends it.",
            "",
            "Memory: a node with a memory limit has a memory cgroup of its own, and shows what it charges (page cache and kernel memory included) against the limit. A node without one is counted in the lab's memory cgroup (nslab/LAB), and shows the resident memory of its processes, marked rss (the sum of their RSS: a page two of them share counts twice; page cache and kernel memory not at all). In --json: memory_bytes, or rss_bytes."},
        footer = {"",
            "Examples:",
            "  # the lab that is up, until Ctrl-C",
            "  sudo nslab top",
            "  # three refreshes, then exit",
            "  sudo nslab top bridge -n 3",
            "  # one JSON line per refresh, for scripts",
            "  sudo nslab top bridge -n 2 --json",
            "",
            "Exit codes: 0 shown, 2 no such lab, 3 not root."})
public final class TopCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LAB", arity = "0..1", description = "the lab (default: the only lab that is up)")
    String lab;

    @Option(names = {"-n", "--iterations"}, paramLabel = "N", description = "refresh N times, then exit (default: until Ctrl-C)")
    int iterations;

    @Mixin JsonOption json = new JsonOption();

    static final long INTERVAL_MS = 1000;

    @Override
    public Integer call() throws Exception {
        if (iterations < 0) throw NslabException.badInput("nslab top: -n must be 0 (until Ctrl-C) or more");
        Root.require("top");
        Plan plan = RunningLab.of(Labs.resolve(lab)).plan();
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = !json.on() && System.console() != null;
        Map<String, CgroupUsage> before = NodeUsage.read(plan);
        long t0 = System.nanoTime();
        for (int i = 0; iterations == 0 || i < iterations; i++) {
            Thread.sleep(INTERVAL_MS);
            Map<String, CgroupUsage> now = NodeUsage.read(plan);
            long t1 = System.nanoTime();
            Map<String, Long> percent = cpuPercent(before, now, (t1 - t0) / 1000);
            if (json.on()) out.println(json(plan.lab(), now, percent));
            else {
                if (terminal) out.print("\033[H\033[2J"); // home and clear: the table redrawn in place
                out.print(table(plan.lab(), now, percent));
            }
            out.flush();
            before = now;
            t0 = t1;
        }
        return ExitCode.OK;
    }

    /** Per node: CPU time used between two reads over the wall time between them, as a percentage of one core. */
    static Map<String, Long> cpuPercent(Map<String, CgroupUsage> before, Map<String, CgroupUsage> now, long elapsedUs) {
        Map<String, Long> out = new LinkedHashMap<>();
        now.forEach((node, u) -> {
            CgroupUsage b = before.get(node);
            if (u == null || b == null || u.cpuUsec() == null || b.cpuUsec() == null || elapsedUs <= 0) out.put(node, null);
            else out.put(node, Math.max(0, (u.cpuUsec() - b.cpuUsec()) * 100 / elapsedUs));
        });
        return out;
    }

    static String table(String lab, Map<String, CgroupUsage> usage, Map<String, Long> percent) {
        Table t = new Table("NODE", "CPU %", "MEM USAGE / LIMIT", "MEM %", "PIDS", "OOM KILLS", "CPU TIME");
        usage.forEach((node, u) -> {
            Long p = percent.get(node);
            String mem = u == null || u.memoryBytes() == null || u.memoryMax() == null ? "-"
                    : Numbers.padLeft(u.memoryBytes() * 100 / u.memoryMax(), 1) + "%";
            String used = NodeUsage.used(u);
            t.row(node, p == null ? "-" : p + "%", used, mem, NodeUsage.pids(u),
                    u == null || u.oomKills() == null ? "-" : u.oomKills(), NodeUsage.cpu(u));
        });
        return "lab " + lab + " (every " + INTERVAL_MS / 1000 + " s; Ctrl-C ends)\n" + t;
    }

    static String json(String lab, Map<String, CgroupUsage> usage, Map<String, Long> percent) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode().put("lab", lab).put("interval_ms", INTERVAL_MS);
        ArrayNode nodes = root.putArray("nodes");
        usage.forEach((node, u) -> {
            ObjectNode n = nodes.addObject().put("name", node).put("cpu_percent", percent.get(node));
            NodeUsage.json(n, u);
        });
        return root.toString();
    }
}
