package io.nslab.cli.render;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nslab.cli.state.LabMark;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.ServiceSpec;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Teardown;
import io.nslab.topology.plan.Steps.AddAddress;
import io.nslab.topology.plan.Steps.AddRoute;
import io.nslab.topology.plan.Steps.CreateBridge;
import io.nslab.topology.plan.Steps.CreateCgroup;
import io.nslab.topology.plan.Steps.CreateNetns;
import io.nslab.topology.plan.Steps.CreateVeth;
import io.nslab.topology.plan.Steps.ImpairEgress;
import io.nslab.topology.plan.Steps.InstallNat;
import io.nslab.topology.plan.Steps.LinkUp;
import io.nslab.topology.plan.Steps.SetMaster;
import io.nslab.topology.plan.Steps.SetSysctl;
import io.nslab.topology.plan.Steps.StartNode;
import io.nslab.topology.plan.Steps.StartServices;
import io.nslab.topology.plan.Steps.WriteHostsFile;

/**
 * A {@link Plan} as a POSIX shell script of {@code ip}, {@code sysctl}, {@code nft},
 * {@code unshare} and {@code mount} commands, each step with a comment saying why it is
 * there: the lesson of {@code nslab explain}. nslab itself never runs these commands; it
 * makes the same kernel calls over netlink and syscalls. The script keeps what it needs
 * between steps (node files, PIDs) in {@code $STATE}.
 */
public final class ExplainScript {
    private final Plan plan;
    private final StringBuilder out = new StringBuilder();
    private final Set<Class<?>> taught = new HashSet<>();
    /** The mark nslab sets on what it makes (LabMark), as up would set it. */
    private final String mark;
    private final ExplainCgroups cgroups = new ExplainCgroups();
    private boolean containerViewWritten;
    /** Node → the line only its copy of the hosts file has (from the WriteHostsFile step). */
    private Map<String, String> ownHostsLines = Map.of();

    private ExplainScript(Plan plan) {
        this.plan = plan;
        this.mark = LabMark.of(plan.lab()).text();
    }

    /** The script for {@code plan}, compiled from {@code source} (named in the header). */
    public static String render(Plan plan, String source) {
        ExplainScript s = new ExplainScript(plan);
        s.header(source);
        for (Step step : plan.steps()) step.accept(s.build);
        s.teardown();
        return s.out.toString();
    }

    private void line(String s) { out.append(s).append('\n'); }

    /**
     * A comment: every line of it starts with #. Comments quote the lab file (a node's run, the
     * file's name), and a newline there must not end the comment and start a command.
     */
    private void comment(String s) {
        for (String l : s.split("\n", -1)) line(l.isEmpty() ? "#" : "# " + l);
    }

    /** A longer explanation, printed before the first step of its kind only. */
    private void lesson(Step step, String... lines) {
        if (!taught.add(step.getClass())) return;
        line("");
        for (String l : lines) comment(l);
    }

    static String ip(String netns) { return NetnsName.isCurrent(netns) ? "ip" : "ip -n " + netns; }

    static String in(String netns) { return NetnsName.isCurrent(netns) ? "" : "ip netns exec " + netns + " "; }

    /** How iproute2 names a namespace as a link's destination: by name, or by a PID in it ($$: this shell, in the current one). */
    private static String netnsArg(String netns) { return NetnsName.isCurrent(netns) ? "$$" : netns; }

    private static String where(String netns) { return NetnsName.isCurrent(netns) ? "the machine's own namespace" : "netns " + netns; }

    private void header(String source) {
        line("#!/bin/sh");
        comment("Lab \"" + plan.lab() + "\"" + (source == null ? "" : " (" + source + ")") + " as the shell commands that build it by hand.");
        comment("");
        comment("nslab makes these same kernel objects itself, through netlink and system calls: it never");
        comment("runs ip, nft or unshare. This script is the lesson: read it, run it as root (sh FILE),");
        comment("then look around: ip netns list; ip -n " + plan.lab() + " addr; ip netns exec " + plan.lab()
                + (plan.nodes().isEmpty() ? "" : "-" + plan.nodes().get(0).name()) + " ip route.");
        if (plan.onHost()) {
            comment("Built --on-host: the host side is the machine's own network namespace, like docker0.");
            comment("That changes the machine's interfaces and firewall: run it only on a machine of your own.");
        } else {
            comment("The lab's host side is a network namespace of its own, \"" + plan.hostNetns() + "\", so nothing here");
            comment("touches the machine's own interfaces, routes or firewall.");
        }
        comment("Needs iproute2, nftables and util-linux 2.38 or later. Tear it down: see the end of the script.");
        line("set -eu");
        line("STATE=\"${STATE:-/tmp/nslab-explain-" + plan.lab() + "}\"   # the nodes' files and PIDs");
        line("mkdir -p \"$STATE\"");
        line("CGROUP=\"${CGROUP:-/sys/fs/cgroup}\"; export CGROUP   # where this machine mounts its cgroups");
    }

    /** Each forward step as its commands, with why. */
    private final Step.Visitor<Void> build = new Step.ForwardVisitor<>() {
        public Void createCgroup(CreateCgroup s) {
            cgroup(s);
            return null;
        }

        public Void createNetns(CreateNetns s) {
            lesson(s, "A network namespace is a whole network stack of its own: interfaces, addresses, routes,",
                    "firewall. `ip netns add` keeps it alive without a process, with a bind mount of the",
                    "namespace file at /run/netns/NAME (a container's lives as long as its processes).",
                    "nslab marks each one it makes (the alias of its lo: the lab and nslab's state directory),",
                    "so that `nslab down` finds them, and only them, even when the state directory is gone.");
            if (s.name().equals(plan.hostNetns())) {
                comment("The lab's host side: its bridges, NAT and host interfaces live here.");
            } else {
                comment("Node " + s.name().substring(plan.lab().length() + 1) + "'s network namespace. nslab makes it owned by a user namespace of the");
                comment("node's own (every id mapped to itself), so that the node's capabilities count over its own");
                comment("namespaces only; its init joins that user namespace last. By hand (unshare does not wait for the map):");
                comment("  touch /run/netns/" + s.name() + "; unshare --user --net=/run/netns/" + s.name() + " sleep 1 & sleep 0.1");
                comment("  echo '0 0 4294967295' > /proc/$!/uid_map; echo '0 0 4294967295' > /proc/$!/gid_map");
                comment("This script keeps the machine's user namespace, and leaves SYS_ADMIN out of the node's set (below).");
            }
            line("ip netns add " + s.name());
            line(ip(s.name()) + " link set lo alias " + Sh.q(mark));
            return null;
        }

        public Void linkUp(LinkUp s) {
            if (s.ifname().equals("lo")) {
                comment("A new namespace's loopback starts down; without it even 127.0.0.1 is unreachable.");
            } else {
                comment("Interfaces are created down; bring " + s.ifname() + " up.");
            }
            line(ip(s.netns()) + " link set " + s.ifname() + " up");
            return null;
        }

        public Void setSysctl(SetSysctl s) {
            if (s.key().equals("net.ipv4.ip_forward") && s.netns().equals(plan.hostNetns())) {
                comment("The host side routes between its bridges and interfaces, as a Docker host does: turn on forwarding.");
            } else if (s.key().equals("net.ipv6.conf.default.disable_ipv6") && s.value().equals("1")) {
                comment("No IPv6 on the interfaces to come in " + where(s.netns()) + " (lo keeps ::1), as Docker on a network");
                comment("without IPv6: else each new interface sends router solicitations and multicast reports, which");
                comment("the bridge floods to every other node.");
            } else {
                comment("Sysctl " + s.key() + " of " + where(s.netns()) + " (net.* sysctls are per network namespace).");
            }
            if (NetnsName.isCurrent(s.netns())) {
                comment("This is the machine's own setting: keep the old value, so the teardown can put it back.");
                line("[ -e \"$STATE/sysctl." + s.key() + "\" ] || sysctl -n " + s.key() + " > \"$STATE/sysctl." + s.key() + "\"");
            }
            line(in(s.netns()) + "sysctl -qw " + Sh.q(s.key() + "=" + s.value()));
            return null;
        }

        public Void createBridge(CreateBridge s) {
            lesson(s, "A Linux bridge is a virtual switch, what docker0 is: the nodes' veths become its ports,",
                    "and the address it gets is the nodes' gateway to the rest of the lab.");
            comment("Bridge " + s.name() + " in " + where(s.netns()) + ".");
            line(ip(s.netns()) + " link add " + s.name() + " mtu " + s.mtu() + " type bridge");
            line(ip(s.netns()) + " link set " + s.name() + " alias " + Sh.q(mark) + "   # nslab's mark, as on its namespaces");
            return null;
        }

        public Void createVeth(CreateVeth s) {
            lesson(s, "A veth pair is a virtual cable: what goes in one end comes out of the other. One end is",
                    "created straight in the other namespace (netns ...), the way a container's eth0 is made.");
            comment(s.name() + " in " + where(s.netns()) + " <-> " + s.peerName() + " in " + where(s.peerNetns()) + ".");
            String mac = s.mac() == null ? "" : " address " + s.mac();
            String peerMac = s.peerMac() == null ? "" : " address " + s.peerMac();
            String peerNs = s.peerNetns().equals(s.netns()) ? "" : " netns " + netnsArg(s.peerNetns());
            line(ip(s.netns()) + " link add " + s.name() + mac + " mtu " + s.mtu() + " type veth peer name " + s.peerName()
                    + peerMac + " mtu " + s.mtu() + peerNs);
            return null;
        }

        public Void setMaster(SetMaster s) {
            comment("Plug " + s.ifname() + " into bridge " + s.master() + " (it becomes a switch port, with no address of its own).");
            line(ip(s.netns()) + " link set " + s.ifname() + " master " + s.master());
            return null;
        }

        public Void addAddress(AddAddress s) {
            comment("Address " + s.cidr() + " on " + s.ifname() + " (" + where(s.netns()) + "); the prefix also adds the route to its subnet.");
            if (s.cidr().family() == 6) {
                comment("IPv6 with nodad: usable at once, no duplicate address detection first (the lab hands out its addresses).");
                line(ip(s.netns()) + " -6 addr add " + s.cidr() + " dev " + s.ifname() + " nodad");
            } else {
                line(ip(s.netns()) + " addr add " + s.cidr() + " dev " + s.ifname());
            }
            return null;
        }

        public Void addRoute(AddRoute s) {
            comment(s.to().prefix() == 0 ? "Everything without a more specific route goes via " + s.via() + "."
                    : "Traffic for " + s.to() + " goes via " + s.via() + ".");
            line(ip(s.netns()) + (s.to().family() == 6 ? " -6" : "") + " route add " + s.destination() + " via " + s.via());
            return null;
        }

        public Void installNat(InstallNat s) {
            nat(s);
            return null;
        }

        public Void writeHostsFile(WriteHostsFile s) {
            lesson(s, "The lab's /etc/hosts (every node by name). Each node with a mount namespace of its own gets",
                    "a file of its own, and its hostname as /etc/hostname, bind-mounted over the real ones inside that",
                    "namespace, as Docker does for each container. This script copies the file for each node, in",
                    "$STATE/NODE/. nslab-init stores it once: each node gets a view of it, an overlay mounted in the",
                    "node (mount -t overlay -o lowerdir=$STATE/etc,upperdir=U,workdir=W overlay V; mount --bind",
                    "V/hosts /etc/hosts), the lab's file until the node writes it, then the node's own copy in U.");
            line("mkdir -p \"$STATE/etc\"");
            line("cat > \"$STATE/etc/hosts\" <<'EOF'");
            out.append(s.hosts());
            line("EOF");
            ownHostsLines = s.ownLines();
            return null;
        }

        public Void startNode(StartNode s) {
            node(s);
            return null;
        }

        public Void startServices(StartServices s) {
            services(s);
            return null;
        }

        public Void impairEgress(ImpairEgress s) {
            impair(s);
            return null;
        }

        public Void mountLayers(io.nslab.topology.plan.Steps.MountLayers s) {
            lesson(s, ExplainRoot.layersLesson());
            ExplainRoot.mountLayers().forEach(ExplainScript.this::line);
            return null;
        }
    };

    private void cgroup(CreateCgroup s) {
        lesson(s, cgroups.lesson());
        comment(cgroups.title(s));
        cgroups.create(s).forEach(this::line);
    }

    private void nat(InstallNat s) {
        new ExplainNat(this::line, this::comment, mark).nat(s);
    }

    private void node(StartNode s) {
        lesson(s, "A node is a process tree in namespaces of its own (what `docker run` makes): uts (hostname),",
                "ipc, pid (it is PID 1 and sees only its own processes), mnt (its own mounts) and cgroup, inside",
                "its network namespace. `ip netns exec` enters the network namespace (and, to remount /sys",
                "for it, already gives the command a private mount namespace); unshare makes the others.",
                "nslab runs nslab-init as the node's PID 1 (it reaps orphans and forwards signals); here",
                "the node runs its program, or `sleep infinity` to keep the namespaces alive.",
                "--kill-child: when unshare is killed, its child (the node's PID 1) dies, and the PID",
                "namespace with all its processes. The PID of unshare is kept in $STATE/NODE.pid.",
                "Its root keeps only a container's capabilities: setpriv, last (the mounts before it need",
                "CAP_SYS_ADMIN), drops the others from the bounding set, so nothing the node runs gets them back.");
        List<String> ns = s.namespaces();
        if (ns.contains("mnt")) {
            line("mkdir -p \"$STATE/" + s.node() + "\" && cp \"$STATE/etc/hosts\" \"$STATE/" + s.node() + "/hosts\"");
            String own = ownHostsLines.get(s.node());
            if (own != null) { // a hostname of its own: only this node's copy names it
                line("printf '%s\\n' " + Sh.q(own.strip()) + " >> \"$STATE/" + s.node() + "/hosts\"");
            }
            line("printf '%s\\n' " + Sh.q(s.hostname()) + " > \"$STATE/" + s.node() + "/hostname\"");
        }
        StringBuilder cmd = new StringBuilder();
        if (s.cgroup() != null) {
            // Into its cgroup before anything: before ip netns exec (which mounts a /sys of the
            // namespace's, without the cgroup file systems) and before unshare --cgroup (the
            // cgroup namespace is rooted where the process is).
            cmd.append("sh -c ").append(Sh.q(cgroups.join(s.cgroup()) + "; exec \"$@\"")).append(" - ");
        }
        cmd.append(in(s.netns()));
        if (!s.env().isEmpty()) {
            cmd.append("env");
            s.env().forEach((k, v) -> cmd.append(' ').append(Sh.q(k + "=" + v)));
            cmd.append(' ');
        }
        cmd.append("unshare");
        if (s.user() != null) {
            // util-linux 2.38 writes OUTER,INNER,COUNT; the lab file says IN:OUT:COUNT.
            cmd.append(" --user --map-users=").append(outerFirst(s.user().uid())).append(" --map-groups=").append(outerFirst(s.user().gid()));
        }
        if (ns.contains("uts")) cmd.append(" --uts");
        if (ns.contains("ipc")) cmd.append(" --ipc");
        if (ns.contains("cgroup")) cmd.append(" --cgroup");
        if (ns.contains("mnt")) cmd.append(" --mount");
        if (ns.contains("pid")) cmd.append(" --pid --fork --kill-child").append(ns.contains("mnt") ? " --mount-proc" : "");
        StringBuilder inner = new StringBuilder();
        if (ns.contains("uts")) inner.append("hostname ").append(Sh.q(s.hostname())).append("; ");
        if (ns.contains("mnt") && !s.ownRoot()) inner.append("mount --bind \"$0/hosts\" /etc/hosts; mount --bind \"$0/hostname\" /etc/hostname; ");
        List<String> root = ExplainRoot.rootScript(s);
        root.forEach(this::line);
        // A directory's tree may have no setpriv (a busybox tree): nslab-init confines such a node
        // itself; by hand it keeps the tree's /dev (root.sh) and every capability.
        boolean confined = !s.privileged() && ns.contains("mnt") && !ExplainRoot.directoryRoot(s);
        if (confined) {
            containerView();
            inner.append("C=\"$(cat \"${0%/*}/container.sh\")\"; "); // read before pivot_root hides $STATE
        }
        if (!root.isEmpty()) inner.append(ExplainRoot.IN_SHELL);
        if (confined) inner.append("sh -c \"$C\" && ");
        inner.append("exec ").append(s.privileged() || ExplainRoot.directoryRoot(s) ? "" : ExplainCaps.setpriv(s) + " ").append("\"$@\"");
        List<String> run = s.run().isEmpty() ? List.of("sleep", "infinity") : s.run();
        if (!s.setup().isEmpty()) { // a run list: its first commands, each to its end, then the program
            StringBuilder setup = new StringBuilder();
            for (List<String> c : s.setup()) setup.append(Sh.words(c)).append(" && ");
            run = java.util.stream.Stream.concat(java.util.stream.Stream.of("sh", "-c", setup + "exec \"$@\"", "sh"), run.stream()).toList();
        }
        comment("Node " + s.node() + ": own " + (ns.isEmpty() ? "nothing but its network" : String.join(", ", ns))
                + (s.user() == null ? "" : ", user (uid " + s.user().uid() + ", gid " + s.user().gid() + ")")
                + " namespaces, in " + where(s.netns()) + "; runs " + Sh.words(run) + ".");
        comment(ExplainCaps.describe(s));
        if (!s.privileged() && s.capabilities().contains("SYS_ADMIN")) {
            comment("Without a user namespace of its own, SYS_ADMIN would be the machine's: setpriv leaves it out here.");
        }
        if (!ns.contains("uts")) comment("No uts namespace of its own: it keeps the machine's hostname (setting one would change the machine's).");
        if (!ns.contains("mnt")) comment("No mount namespace of its own: nslab does not mount /etc/hosts or /proc for it.");
        cmd.append(" sh -c ").append(Sh.q(inner.toString())).append(" \"$STATE/").append(s.node()).append("\" ").append(Sh.words(run));
        cmd.append(" </dev/null >\"$STATE/").append(s.node()).append(".log\" 2>&1 &");
        line(cmd.toString());
        line("echo $! > \"$STATE/" + s.node() + ".pid\"");
    }

    /** $STATE/container.sh, written once, before the first node that runs it. */
    private void containerView() {
        if (containerViewWritten) return;
        containerViewWritten = true;
        comment("A node that is not privileged sees a container's /dev, /proc and /sys (Docker's devices, masked and");
        comment("read-only paths): its init makes them in its mount namespace; here, container.sh does, before setpriv.");
        line("cat > \"$STATE/container.sh\" <<'EOF'");
        ExplainCaps.containerView().forEach(this::line);
        line("EOF");
    }

    private static String outerFirst(String inOutCount) {
        String[] p = inOutCount.split(":");
        return p[1] + "," + p[0] + "," + p[2];
    }

    private void impair(ImpairEgress s) {
        lesson(s, "Impairments are queueing disciplines on the egress of a link (`tc`): tbf lets out at most",
                "the rate, netem holds each packet for the delay (give or take the jitter) and drops the loss.",
                "A direction is impaired where it leaves, so what arrives at an interface is impaired on the",
                "other end of its veth (no ingress queue needed). Where the kernel has no netem, nslab up uses",
                "a delay line of its own instead: a tap, a clsact filter redirecting the link's frames to it",
                "(cls_bpf + mirred), and nslab's supervisor re-sending them on time (nslab doctor says which).");
        var i = s.impairment();
        String tc = NetnsName.isCurrent(s.netns()) ? "tc" : "tc -n " + s.netns();
        comment(s.endpoint() + " " + s.direction() + ": " + i.describe() + " (leaving " + s.ifname() + " in " + where(s.netns()) + ").");
        if (i.hasRate()) {
            long bytes = i.rateBits() / 8;
            line(tc + " qdisc replace dev " + s.ifname() + " root handle 1: tbf rate " + io.nslab.topology.model.Impairment.rate(i.rateBits())
                    + " burst " + io.nslab.netlink.tc.Tbf.burst(bytes) + " limit " + io.nslab.netlink.tc.Tbf.limit(bytes));
        }
        if (i.delaysOrDrops()) {
            StringBuilder netem = new StringBuilder(tc + " qdisc replace dev " + s.ifname() + (i.hasRate() ? " parent 1:1" : " root")
                    + " handle 10: netem");
            if (i.delayMicros() > 0 || i.jitterMicros() > 0) netem.append(" delay ").append(io.nslab.topology.model.Impairment.time(i.delayMicros()));
            if (i.jitterMicros() > 0) netem.append(' ').append(io.nslab.topology.model.Impairment.time(i.jitterMicros()));
            if (i.lossPercent() > 0) netem.append(" loss ").append(i.describe().replaceAll(".*loss ", ""));
            line(netem + " \\");
            line("    || echo 'no netem in this kernel: nslab up makes the delay and loss with its delay line' >&2");
        }
    }

    private void services(StartServices s) {
        line("");
        comment("Built-in services: nslab's supervisor (one JVM, Netty) serves them from inside each node's");
        comment("network namespace. A shell script cannot start them; `nslab up` does. They are:");
        for (ServiceSpec spec : s.services()) {
            comment("  " + spec.type() + " on port " + spec.port() + " in node " + spec.node() + " (" + where(spec.netns()) + ")");
        }
        comment("A stand-in for http, if python3 is installed: ip netns exec NETNS python3 -m http.server PORT &");
    }

    private void teardown() {
        line("");
        comment("---- Tear it down ------------------------------------------------------------------");
        comment("What `nslab down` does: the inverse of each step, latest first. Steps with no inverse");
        comment("(addresses, routes, ports, links up) go with the link or namespace that holds them.");
        comment("Run in a shell of their own, they need the script's two places first:");
        comment("  STATE=\"${STATE:-/tmp/nslab-explain-" + plan.lab() + "}\"; CGROUP=\"${CGROUP:-/sys/fs/cgroup}\"");
        for (Teardown.Undoing u : Teardown.of(plan, plan.steps().size()).undoings()) {
            u.inverse().accept(new ExplainTeardown(cgroups, u.withItsNamespace())).forEach(this::comment);
        }
        comment("  rm -r \"$STATE\"");
    }
}
