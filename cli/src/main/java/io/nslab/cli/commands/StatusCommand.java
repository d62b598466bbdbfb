package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.impair.ImpairJson;
import io.nslab.cli.impair.ImpairState;
import io.nslab.cli.kernel.NodeInterfaces;
import io.nslab.cli.render.LabView;
import io.nslab.cli.render.NodeUsage;
import io.nslab.cli.launch.Root;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.render.Table;
import io.nslab.cli.state.Labs;
import io.nslab.core.ProcessStamp;
import io.nslab.core.cgroup.CgroupUsage;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.PlanNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Show one lab as the kernel has it now.",
            "",
            "Each node's init PID and whether it is alive, what its cgroup says it uses (memory against its limit, CPU time, processes; a node without a memory limit has no memory cgroup of its own, the lab's counts its memory, and its MEMORY is the resident memory of its processes, marked rss: in --json rss_bytes, not memory_bytes), its interfaces and addresses (read from the node's network namespace), its published ports and services, whether the services supervisor is alive, and each impaired link's rate, delay, jitter and loss."},
        footer = {"",
            "Examples:",
            "  # the lab named bridge",
            "  sudo nslab status bridge",
            "  # the same as JSON",
            "  sudo nslab status --json bridge",
            "",
            "Exit codes: 0 shown, 2 no such lab, 3 not root."})
public final class StatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LAB", arity = "0..1", description = "the lab (default: the only lab that is up)")
    String lab;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        Root.require("status");
        RunningLab running = RunningLab.of(Labs.resolve(lab));
        var plan = running.plan();
        Map<String, List<String>> published = LabView.published(plan);
        Map<String, List<String>> services = LabView.services(plan);
        // The machine's own interfaces are not the lab's to show; link-local addresses (every IPv6 interface has one) say little here.
        Map<String, NodeInterfaces> kernel = NodeInterfaces.readAll(plan.nodes().stream().map(PlanNode::netns)
                .filter(ns -> !NetnsName.isCurrent(ns)).toList(), false);
        for (PlanNode n : plan.nodes()) if (NetnsName.isCurrent(n.netns())) kernel.put(n.netns(), NodeInterfaces.none());
        List<ImpairState.Row> impaired = ImpairState.read(running.state().impair());
        // A delay line's tap is nslab's plumbing, not an interface of the node: shown with its impairment instead.
        for (ImpairState.Row r : impaired) {
            NodeInterfaces ifs = kernel.get(r.netns());
            if (ifs != null && r.tap() != null) ifs.forget(r.tap());
        }
        Optional<ProcessStamp> supervisor = running.supervisor();
        // A lab without services still has a supervisor once it runs a delay line (see nslab link).
        boolean supervised = LabView.hasServices(plan) || impaired.stream().anyMatch(ImpairState.Row::delayLine);
        String supervisorState = !supervised ? "none"
                : supervisor.map(p -> p.alive() ? "alive (PID " + p.pid() + ")" : "DEAD (PID " + p.pid() + ")").orElse("not started");

        PrintWriter out = spec.commandLine().getOut();
        Map<String, ProcessStamp> inits = RunningLab.inits(running.state()); // one read of the journal for all nodes
        Map<String, CgroupUsage> usage = NodeUsage.read(plan);
        Map<String, String> roots = LabView.roots(plan);
        java.nio.file.Path layers = running.state().layers();
        if (json.on()) {
            ObjectNode root = new ObjectMapper().createObjectNode().put("lab", plan.lab()).put("on_host", plan.onHost())
                    .put("host_netns", plan.hostNetns());
            ObjectNode sup = root.putObject("supervisor").put("services", LabView.hasServices(plan));
            supervisor.ifPresent(p -> sup.put("pid", p.pid()).put("alive", p.alive()));
            ArrayNode nodes = root.putArray("nodes");
            for (PlanNode n : plan.nodes()) {
                ObjectNode node = nodes.addObject().put("name", n.name()).put("netns", n.netns());
                Optional<ProcessStamp> init = Optional.ofNullable(inits.get(n.name()));
                if (init.isPresent()) node.put("pid", init.get().pid()).put("alive", init.get().alive());
                else node.putNull("pid").put("alive", false);
                NodeInterfaces ifs = kernel.get(n.netns());
                ObjectNode interfaces = node.putObject("interfaces");
                ifs.addresses().forEach((name, addrs) -> {
                    ObjectNode i = interfaces.putObject(name).put("up", ifs.up().get(name));
                    ArrayNode a = i.putArray("addresses");
                    addrs.forEach(a::add);
                });
                if (ifs.error() != null) node.put("error", ifs.error());
                ArrayNode pub = node.putArray("published");
                published.get(n.name()).forEach(pub::add);
                ArrayNode svc = node.putArray("services");
                services.get(n.name()).forEach(svc::add);
                if (usage.containsKey(n.name())) NodeUsage.json(node.putObject("cgroup"), usage.get(n.name()));
                long written = LabView.written(layers, n.name());
                node.put("root", roots.get(n.name()));
                if (written >= 0) node.put("layer", layers.resolve(n.name()).resolve("upper").toString()).put("written", written);
            }
            ArrayNode impairments = root.putArray("impairments");
            impaired.forEach(r -> impairments.add(ImpairJson.of(r)));
            out.println(new ObjectMapper().writeValueAsString(root));
        } else {
            out.println("lab " + plan.lab() + " (host side: " + (plan.onHost() ? "this machine's network namespace" : "netns " + plan.hostNetns())
                    + "); services supervisor: " + supervisorState);
            out.println();
            Table t = new Table("NODE", "INIT", "MEMORY", "CPU", "PROCS", "ROOT", "INTERFACES", "PUBLISHED", "SERVICES");
            for (PlanNode n : plan.nodes()) {
                String init = Optional.ofNullable(inits.get(n.name())).map(p -> p.pid() + (p.alive() ? " alive" : " DEAD")).orElse("-");
                NodeInterfaces ifs = kernel.get(n.netns());
                List<String> shown = new ArrayList<>();
                ifs.addresses().forEach((name, addrs) -> shown.add(name + (ifs.up().get(name) ? "" : " (down)") + " " + String.join(" ", addrs)));
                if (ifs.error() != null) shown.add("(" + ifs.error() + ")");
                if (NetnsName.isCurrent(n.netns())) shown.add("(this machine's network namespace)");
                CgroupUsage u = usage.get(n.name());
                t.row(n.name(), init, NodeUsage.memory(u), NodeUsage.cpu(u), NodeUsage.pids(u),
                        LabView.root(roots.get(n.name()), LabView.written(layers, n.name())), String.join(", ", shown), String.join(", ", published.get(n.name())),
                        String.join(", ", services.get(n.name())));
            }
            out.print(t);
            if (java.nio.file.Files.isDirectory(layers)) {
                out.println();
                out.println("layers: tmpfs nslab-layers on " + layers + " (each node's writes in NODE/upper)");
            }
            if (!impaired.isEmpty()) {
                out.println();
                Table links = new Table("LINK", "DIRECTION", "IMPAIRMENT", "DELAY AND LOSS BY");
                for (ImpairState.Row r : impaired) {
                    links.row(r.endpoint(), r.direction() + " (" + r.ifname() + " in " + r.netns() + ")", r.impairment().describe(),
                            r.delayLine() ? "nslab's delay line" : r.via().equals(ImpairState.Via.NETEM) ? "netem" : "-");
                }
                out.print(links);
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
