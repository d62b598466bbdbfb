package io.nslab.cli.commands;

import io.nslab.cli.state.NodeInits;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.launch.Root;
import io.nslab.cli.kernel.NodeInterfaces;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import io.nslab.core.Nodes;
import io.nslab.core.NsRef;
import io.nslab.core.ProcCaps;
import io.nslab.core.ProcessStamp;
import io.nslab.topology.model.Capability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Show a node's init PID, namespaces, interfaces and capabilities.",
            "",
            "Like `ls -l /proc/PID/ns`: two processes are in the same namespace when the inode is the same. Says which namespaces are the machine's own and which other nodes share them. Compare with the kernel's own view: sudo ls -l /proc/PID/ns. The interfaces are read from the node's network namespace, each with its IPv4 and IPv6 addresses (link-local ones too), as ip -br addr shows them. The capabilities are what the node's root may do (CapEff in /proc/PID/status, by name); \"privileged\" when its bounding set is the machine's root's."},
        footer = {"",
            "Examples:",
            "  # the node web of the only lab that is up",
            "  sudo nslab inspect web",
            "  # the node web of lab bridge, as JSON",
            "  sudo nslab inspect -l bridge --json web",
            "",
            "Exit codes: 0 shown, 2 no such lab or node, 3 the node is not running, or",
            "not root."})
public final class InspectCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LabOption lab = new LabOption();

    @Mixin JsonOption json = new JsonOption();

    @Parameters(index = "0", paramLabel = "NODE", description = "the node")
    String node;

    /** One namespace of the node and who else is in it. */
    record Row(NsRef ns, boolean machines, List<String> sharedWith) {}

    @Override
    public Integer call() throws Exception {
        Root.require("inspect");
        StateDir state = Labs.resolve(lab.name());
        ProcessStamp init = NodeInits.running(state, node);
        List<NsRef> mine = Nodes.namespaces(init.pid());
        // The machine's namespaces: this process's (nslab runs in the machine's own).
        List<NsRef> machine = Nodes.namespaces((int) ProcessHandle.current().pid());
        Map<String, ProcessStamp> others = NodeInits.of(state);
        others.remove(node);
        Map<String, List<NsRef>> theirs = new java.util.TreeMap<>();
        others.forEach((name, p) -> {
            if (Nodes.alive(p)) theirs.put(name, Nodes.namespaces(p.pid()));
        });
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            NsRef ns = mine.get(i);
            List<String> shared = new ArrayList<>();
            int k = i;
            theirs.forEach((name, refs) -> {
                if (refs.get(k).sameAs(ns)) shared.add(name);
            });
            rows.add(new Row(ns, machine.get(i).sameAs(ns), shared));
        }
        // Its interfaces are those of the network namespace its init is in; a node in the machine's
        // own ("netns": "host") has none of the lab's to show.
        boolean machinesNet = rows.stream().anyMatch(r -> r.ns().kind().procName().equals("net") && r.machines());
        NodeInterfaces ifs = machinesNet ? NodeInterfaces.none() : NodeInterfaces.ofProcess(init.pid(), true);
        ProcCaps caps = ProcCaps.of(init.pid());
        boolean privileged = (caps.bounding() & ProcCaps.self().bounding()) == ProcCaps.self().bounding();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json.on() ? json(state, init, rows, ifs, caps, privileged) : text(state, init, rows, ifs, machinesNet, caps, privileged));
        out.flush();
        return 0;
    }

    private String text(StateDir state, ProcessStamp init, List<Row> rows, NodeInterfaces ifs, boolean machinesNet, ProcCaps caps, boolean privileged) {
        StringBuilder text = new StringBuilder("node " + node + " of lab " + state.lab() + ": init PID " + init.pid()
                + " (nslab-init; start time " + init.startTime() + ")\n");
        text.append("/proc/").append(init.pid()).append("/ns:\n");
        for (Row row : rows) {
            String line = String.format("  %-6s -> %-20s", row.ns().kind().procName(), row.ns().display());
            // Every node not given one of its own shares the machine's: naming them all says nothing.
            String note = row.machines() ? "the machine's"
                    : row.sharedWith().isEmpty() ? "its own" : "shared with " + String.join(", ", row.sharedWith());
            text.append(line).append(' ').append(note).append('\n');
        }
        // A node with no interface but lo (lessons 3 to 6) says so rather than print an empty heading.
        text.append(machinesNet ? "interfaces: the machine's (its network namespace is the machine's)\n"
                : ifs.addresses().isEmpty() && ifs.error() == null ? "interfaces: none but lo\n" : "interfaces:\n");
        ifs.addresses().forEach((name, addrs) -> {
            StringBuilder line = new StringBuilder(String.format("  %-10s %-5s", name, ifs.up().get(name) ? "up" : "DOWN"));
            List<String> v4 = ifs.addresses(name, 4), v6 = ifs.addresses(name, 6);
            if (!v4.isEmpty()) line.append(" IPv4 ").append(String.join(" ", v4));
            // No IPv6 address at all, not even a link-local one: nslab turns IPv6 off where a node has none.
            line.append(v6.isEmpty() ? " IPv6 off" : " IPv6 " + String.join(" ", v6));
            text.append(line).append('\n');
        });
        if (ifs.error() != null) text.append("  (").append(ifs.error()).append(")\n");
        text.append("capabilities (CapEff ").append(caps.effectiveHex()).append("): ")
                .append(privileged ? "every one (privileged)" : names(caps).isEmpty() ? "none" : String.join(" ", names(caps))).append('\n');
        return text.toString();
    }

    private static List<String> names(ProcCaps caps) {
        return Capability.of(caps.effective()).stream().map(Enum::name).toList();
    }

    private String json(StateDir state, ProcessStamp init, List<Row> rows, NodeInterfaces ifs, ProcCaps caps, boolean privileged) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode().put("lab", state.lab()).put("node", node)
                .put("pid", init.pid()).put("start_time", init.startTime());
        ArrayNode namespaces = root.putArray("namespaces");
        for (Row row : rows) {
            ObjectNode ns = namespaces.addObject().put("kind", row.ns().kind().procName()).put("inode", row.ns().inode())
                    .put("path", row.ns().path()).put("machines", row.machines());
            ArrayNode shared = ns.putArray("shared_with");
            row.sharedWith().forEach(shared::add);
        }
        ArrayNode interfaces = root.putArray("interfaces");
        ifs.addresses().forEach((name, addrs) -> {
            ObjectNode i = interfaces.addObject().put("name", name).put("up", ifs.up().get(name));
            ArrayNode v4 = i.putArray("ipv4"), v6 = i.putArray("ipv6");
            ifs.addresses(name, 4).forEach(v4::add);
            ifs.addresses(name, 6).forEach(v6::add);
        });
        if (ifs.error() != null) root.put("interfaces_error", ifs.error());
        root.put("privileged", privileged).put("cap_eff", caps.effectiveHex());
        ArrayNode capabilities = root.putArray("capabilities");
        names(caps).forEach(capabilities::add);
        return mapper.writeValueAsString(root) + "\n";
    }
}
