package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.launch.Invocation;
import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.check.CheckResult;
import io.nslab.cli.check.Checks;
import io.nslab.cli.state.StateDir;
import io.nslab.cli.print.Numbers;
import io.nslab.cli.print.Progress;
import io.nslab.cli.up.LabUp;
import io.nslab.cli.render.LabView;
import io.nslab.cli.node.NodeRunners;
import io.nslab.cli.render.Table;
import io.nslab.core.ProcessStamp;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "up", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Build a lab from its file and start its nodes.",
            "",
            "Makes the lab's network namespaces, veth pairs, bridges, addresses, routes, NAT rules, each node's init and the built-in services, and returns when it is ready, with a table of its nodes.",
            "",
            "The lab's host side (its bridges, host interfaces and NAT table) is a network namespace of its own, named after the lab, unless --on-host puts it in this machine's namespace as Docker does with docker0. Every step is journaled in /run/nslab/LAB/ before it runs: if one fails, or up is interrupted, everything done so far is rolled back; after a crash, nslab down LAB removes it all.",
            "",
            "On a terminal, an up that takes over a second shows how far it is on one line (namespaces, links, nodes, services), erased when it ends; never with --json or when the output goes to a pipe or a file.",
            "",
            "With --wait, up then waits for the lab's checks as nslab test does: each probe is made again until it passes or its timeout ends (a routing daemon converging, a server starting), so a script can go on once the lab works. The lab stays up either way."},
        footer = {"",
            "Examples:",
            "  # build the lab \"bridge\", then try it",
            "  sudo nslab up labs/bridge.json",
            "  # the same lab, its host side in this machine's namespace",
            "  sudo nslab up --on-host labs/bridge.json",
            "  # the node table as JSON",
            "  sudo nslab up --json labs/bridge.json",
            "  # the same lab written in YAML (.yaml or .yml)",
            "  sudo nslab up labs/bridge.yaml",
            "  # up, and return once OSPF has converged (the lab's checks pass)",
            "  sudo nslab up --wait labs/ospf.json",
            "",
            "Exit codes: 0 up (with --wait: and every check passed), 1 with --wait: a check",
            "did not pass within its timeout (the lab stays up), 2 bad lab file or lab already",
            "up, 3 not root or the kernel refused (nothing is left)."})
public final class UpCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the lab file (JSON, or YAML when named .yaml/.yml; see docs/lab-format.md)")
    Path file;

    @Option(names = "--on-host", description = "build the host side in this machine's network namespace (nodes can reach its networks; down restores its sysctls)")
    boolean onHost;

    @Option(names = "--wait", description = "then wait for the lab's checks to pass, each within its timeout (exit 1 with the ones that did not)")
    boolean waitForChecks;

    @Mixin JsonOption json = new JsonOption();

    /** The command as picocli would fill it from {@code up FILE [--on-host] [--json]} (for PlainForms). */
    public static UpCommand of(Path file, boolean onHost, boolean json) {
        UpCommand up = new UpCommand();
        up.file = file;
        up.onHost = onHost;
        up.json.on = json;
        return up;
    }

    @Override
    public Integer call() throws Exception {
        LabUp.Result r;
        try (Progress progress = Progress.onTerminal(json.on())) { // erased before the result, or the failure, is printed
            r = new LabUp(NodeRunners.get(), progress).up(file, onHost);
        }
        PrintWriter out = Output.out(spec);
        if (!waitForChecks) {
            if (json.on()) out.println(new ObjectMapper().writeValueAsString(toJson(r)));
            else out.print(render(r));
            out.flush();
            return ExitCode.OK;
        }
        if (!json.on()) {
            out.print(render(r));
            out.println();
            out.println(r.plan().checks().isEmpty() ? "it has no checks to wait for" : "waiting for its " + r.plan().checks().size() + " checks");
            out.flush();
        }
        long start = System.nanoTime();
        List<CheckResult> results = Checks.run(r.plan(), StateDir.of(r.plan().lab()));
        long waited = (System.nanoTime() - start) / 1_000_000;
        boolean passed = results.stream().allMatch(CheckResult::passed);
        if (json.on()) {
            ObjectNode root = toJson(r);
            ObjectNode wait = CheckCommand.toJson(r.plan().lab(), results);
            wait.remove("lab");
            wait.put("elapsed_ms", waited);
            root.set("wait", wait);
            out.println(new ObjectMapper().writeValueAsString(root));
        } else {
            for (CheckResult c : results) if (!c.passed()) out.println(c.line());
            if (results.isEmpty()) {
                out.flush();
                return ExitCode.OK;
            }
            long failed = results.stream().filter(c -> !c.passed()).count();
            out.println((passed ? "all " + results.size() + " checks passed" : failed + " of " + results.size() + " checks failed")
                    + " in " + Numbers.seconds(waited) + " s" + (passed ? "" : "; the lab is still up"));
        }
        out.flush();
        return passed ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    static String render(LabUp.Result r) {
        Plan plan = r.plan();
        StringBuilder out = new StringBuilder();
        out.append("lab ").append(plan.lab()).append(" is up in ").append(Numbers.seconds(r.millis())).append(" s (host side: ")
                .append(plan.onHost() ? "this machine's network namespace" : "netns " + plan.hostNetns()).append(")\n\n");
        out.append(nodeTable(plan, r.inits()));
        List<PlanNode> addressed = plan.nodes().stream().filter(n -> !n.addresses().isEmpty()).toList(); // ping is IPv4 first
        out.append("\nTry:\n");
        if (addressed.size() >= 2) {
            out.append("  ").append(Invocation.sudo("exec -l ")).append(plan.lab()).append(' ').append(addressed.get(1).name())
                    .append(" ping -c1 ").append(addressed.get(0).name()).append('\n');
        }
        if (!plan.checks().isEmpty()) out.append("  ").append(Invocation.sudo("check ")).append(plan.lab()).append('\n');
        out.append("  ").append(Invocation.sudo("status ")).append(plan.lab()).append('\n');
        out.append("  ").append(Invocation.sudo("down ")).append(plan.lab()).append('\n');
        return out.toString();
    }

    static String nodeTable(Plan plan, Map<String, ProcessStamp> inits) {
        Map<String, List<String>> published = LabView.published(plan);
        Table t = new Table("NODE", "INIT PID", "ADDRESSES", "PUBLISHED");
        for (PlanNode n : plan.nodes()) {
            ProcessStamp init = inits.get(n.name());
            List<String> each = new java.util.ArrayList<>();
            for (int family : List.of(4, 6)) n.addresses(family).forEach((ifname, cidr) -> each.add(ifname + " " + cidr));
            String addresses = each.isEmpty() ? "(netns " + n.netns() + ")" : String.join(", ", each);
            t.row(n.name(), init == null ? "-" : init.pid(), addresses, String.join(", ", published.get(n.name())));
        }
        return t.toString();
    }

    static ObjectNode toJson(LabUp.Result r) {
        ObjectMapper m = new ObjectMapper();
        Plan plan = r.plan();
        ObjectNode root = m.createObjectNode().put("lab", plan.lab()).put("on_host", plan.onHost())
                .put("host_netns", plan.hostNetns()).put("elapsed_ms", r.millis());
        Map<String, List<String>> published = LabView.published(plan);
        ArrayNode nodes = root.putArray("nodes");
        for (PlanNode n : plan.nodes()) {
            ObjectNode node = nodes.addObject().put("name", n.name()).put("netns", n.netns()).put("hostname", n.hostname());
            ProcessStamp init = r.inits().get(n.name());
            if (init == null) node.putNull("pid");
            else node.put("pid", init.pid());
            ObjectNode addrs = node.putObject("addresses");
            n.addresses().forEach(addrs::put);
            if (!n.addresses6().isEmpty()) {
                ObjectNode addrs6 = node.putObject("addresses6");
                n.addresses6().forEach(addrs6::put);
            }
            ArrayNode pub = node.putArray("published");
            published.get(n.name()).forEach(pub::add);
        }
        return root;
    }
}
