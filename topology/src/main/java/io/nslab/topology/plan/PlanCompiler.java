package io.nslab.topology.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.topology.graph.LabGraph;
import io.nslab.topology.graph.Port;
import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Check;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Impair;
import io.nslab.topology.model.Impairment;
import io.nslab.topology.model.Limits;
import io.nslab.topology.model.Link;
import io.nslab.topology.model.Capability;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.Publish;
import io.nslab.topology.model.Route;
import io.nslab.topology.model.Service;
import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Mac;
import io.nslab.topology.parse.ProbeTarget;
import io.nslab.topology.plan.Steps.AddAddress;
import io.nslab.topology.plan.Steps.AddRoute;
import io.nslab.topology.plan.Steps.CreateCgroup;
import io.nslab.topology.plan.Steps.CreateBridge;
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
 * Compiles a validated {@link Lab} into its {@link Plan}, walking its {@link LabGraph}: the
 * bridges, ports and links, whose namespace each node lives in and the gateways of default
 * routes are the graph's; what each thing is (addresses, sysctls, limits) the lab's. The order is the order things
 * can exist in: cgroups, namespaces, then sysctls, bridges, links and bridge ports with their
 * addresses, routes (their gateways are reachable by then), NAT, and last the processes:
 * node inits, then the services supervisor.
 */
public final class PlanCompiler {
    static final String IP_FORWARD = "net.ipv4.ip_forward";
    static final String IPV6_OFF_ON_NEW_INTERFACES = "net.ipv6.conf.default.disable_ipv6";
    static final String IPV6_FORWARDING = "net.ipv6.conf.all.forwarding";
    /** A node's IPv6 takes no router advertisements (its routes are the lab's) and does no duplicate address detection. */
    static final String IPV6_NO_RA = "net.ipv6.conf.default.accept_ra", IPV6_NO_DAD = "net.ipv6.conf.default.accept_dad";
    static final int DEFAULT_MTU = 1500;
    /** The CFS period a node's cpus become a quota of (the kernel's default, 100 ms). */
    static final long CPU_PERIOD_US = 100_000;

    private final Lab lab;
    private final LabGraph graph;
    private final boolean onHost;
    private final boolean cgroups;
    private final Map<String, String> hostEnds;
    private final String hostNs;
    private final List<Step> steps = new ArrayList<>();

    private PlanCompiler(Lab lab, boolean onHost, boolean cgroups) {
        this.lab = lab;
        this.graph = LabGraph.of(lab);
        this.onHost = onHost;
        this.cgroups = cgroups;
        this.hostEnds = HostEnds.of(lab, onHost);
        this.hostNs = onHost ? NetnsName.CURRENT : lab.hostNetnsName();
    }

    /** The Plan for {@code lab} (from {@link io.nslab.topology.LabParser}); {@code onHost}: the host side is the machine's netns. */
    public static Plan compile(Lab lab, boolean onHost) {
        return compile(lab, onHost, true);
    }

    /**
     * As {@link #compile(Lab, boolean)}; without {@code cgroups} (a rootless lab: the user has no
     * cgroup tree of their own), no cgroup at all, and nodes join none. A lab with limits needs them.
     */
    public static Plan compile(Lab lab, boolean onHost, boolean cgroups) {
        return new PlanCompiler(lab, onHost, cgroups).compile();
    }

    /** The network namespace a node's processes live in: its own, or the one it shares. */
    private String netnsOf(String node) {
        String owner = graph.netnsOwner(node);
        return owner.equals(Endpoint.HOST) ? hostNs : lab.nodeNetnsName(owner);
    }

    private Plan compile() {
        cgroups();
        layers();
        namespaces();
        bridges();
        links();
        bridgePorts();
        impairments();
        routes();
        nat();
        nodes();
        services();
        return new Plan(Plan.VERSION, lab.name(), onHost, hostNs, lab.natTableName(), planNodes(), steps, checks());
    }

    /**
     * The lab's cgroup, then one per node with its limits, whether it has any or not (status
     * shows each node's use from it; a node without a memory limit has no memory cgroup of its
     * own, {@link CreateCgroup#ownMemory}). First of all: a node's init joins its cgroup as it
     * starts, and some start as soon as the namespaces exist.
     */
    private void cgroups() {
        if (!cgroups) return;
        steps.add(new CreateCgroup(CgroupPaths.lab(lab.name()), null, null, null));
        for (Node n : lab.nodes().values()) {
            Limits l = n.limits();
            Long quota = l.cpus() == null ? null : Math.max(1000L, Math.round(l.cpus() * CPU_PERIOD_US));
            steps.add(new CreateCgroup(CgroupPaths.node(lab.name(), n.name()), l.memoryBytes(), quota,
                    l.pids() == null ? null : l.pids().longValue()));
        }
    }

    /** The lab's layers, when a node has a root of its own: before any node starts (some start early). */
    private void layers() {
        if (lab.nodes().values().stream().anyMatch(Node::ownRoot)) steps.add(new Steps.MountLayers());
    }

    /**
     * Every network namespace first, then in each: lo up and its sysctls. Namespaces come
     * first as a run of their own so that {@code up} can create them all in one go (one
     * thread moving into each new namespace in turn) rather than one thread hand-off each.
     */
    private void namespaces() {
        if (!onHost) steps.add(new CreateNetns(hostNs));
        for (Node n : lab.nodes().values()) {
            if (n.ownNetns()) steps.add(new CreateNetns(netnsOf(n.name())));
        }
        if (!onHost) steps.add(new LinkUp(hostNs, "lo"));
        // The host side routes between its bridges and interfaces, like a Docker host.
        steps.add(new SetSysctl(hostNs, IP_FORWARD, "1"));
        if (lab.bridges().values().stream().anyMatch(b -> b.subnet6() != null) || lab.hostInterfaces().values().stream().anyMatch(h -> h.ip6() != null)) {
            steps.add(new SetSysctl(hostNs, IPV6_FORWARDING, "1"));
            // No duplicate address detection on the host side's interfaces either, before any is
            // made: their link-local addresses would stay tentative for 1-2 s after carrier, and the
            // kernel sends no neighbour solicitation for a forwarded packet until its interface has a
            // usable link-local source (ndisc_send_ns), so the first packet forwarded to a node not yet
            // in the neighbour cache (e.g. through a published port) waited for the next retry, 1 s
            // later. (A router does not take router advertisements: forwarding is on.) The machine's
            // own defaults, with --on-host, are left as they are.
            if (!onHost) steps.add(new SetSysctl(hostNs, IPV6_NO_DAD, "0"));
        } else if (!onHost) {
            // No IPv6 on the host side's new interfaces (its lo keeps ::1) in a lab without IPv6
            // there, as on the nodes': each interface would add its own routes (fe80::/64,
            // ff00::/8) to the host side's IPv6 table, and each carrier change of one walks that
            // whole table (rt6_sync_up): N^2 for N nodes, a tenth of a 10,000-node up.
            steps.add(new SetSysctl(hostNs, IPV6_OFF_ON_NEW_INTERFACES, "1"));
        }
        for (Node n : lab.nodes().values()) {
            if (!n.ownNetns()) continue;
            String ns = netnsOf(n.name());
            steps.add(new LinkUp(ns, "lo"));
            // IPv6 off on the node's interfaces (lo keeps ::1), as Docker does on a network without
            // IPv6: otherwise each interface that comes up sends router solicitations, duplicate
            // address probes and multicast reports, which a bridge floods to every other node, N^2
            // packets for N nodes (most of a 1,000-node up). A node's own sysctls come after.
            // A node with IPv6 addresses keeps IPv6 on, but quiet and usable at once: no router
            // solicitations answered, no duplicate address detection (so checks do not race it).
            if (lab.hasIpv6(n.name())) {
                steps.add(new SetSysctl(ns, IPV6_NO_RA, "0"));
                steps.add(new SetSysctl(ns, IPV6_NO_DAD, "0"));
            } else {
                steps.add(new SetSysctl(ns, IPV6_OFF_ON_NEW_INTERFACES, "1"));
            }
            n.sysctls().forEach((k, v) -> steps.add(new SetSysctl(ns, k, v)));
        }
    }

    private void bridges() {
        for (Bridge b : graph.bridges()) {
            steps.add(new CreateBridge(hostNs, b.name(), b.mtu()));
            b.gatewayAddress().ifPresent(gw -> steps.add(new AddAddress(hostNs, b.name(), Cidr.of(gw, b.subnet().prefix()))));
            b.gateway6Address().ifPresent(gw -> steps.add(new AddAddress(hostNs, b.name(), Cidr.of(gw, b.subnet6().prefix()))));
            steps.add(new LinkUp(hostNs, b.name()));
        }
    }

    /** An end of a link as the steps need it. */
    private record End(String netns, String ifname, Mac mac, Cidr cidr, Integer mtu, Cidr cidr6) {}

    private End end(Endpoint e) {
        if (e.isHost()) {
            HostInterface h = lab.hostInterfaces().get(e.ifname());
            return new End(hostNs, h.name(), null, h.ip(), h.mtu(), h.ip6());
        }
        Interface i = lab.nodes().get(e.owner()).interfaces().get(e.ifname());
        return new End(netnsOf(e.owner()), i.name(), i.mac(), i.ip(), i.mtu(), i.ip6());
    }

    private void links() {
        for (Link l : graph.links()) {
            End a = end(l.a()), b = end(l.b());
            int mtu = a.mtu() != null ? a.mtu() : b.mtu() != null ? b.mtu() : l.mtu() != null ? l.mtu() : DEFAULT_MTU;
            steps.add(new CreateVeth(a.netns(), a.ifname(), a.mac(), b.netns(), b.ifname(), b.mac(), mtu));
            for (End e : List.of(a, b)) {
                if (e.cidr() != null) steps.add(new AddAddress(e.netns(), e.ifname(), e.cidr()));
                if (e.cidr6() != null) steps.add(new AddAddress(e.netns(), e.ifname(), e.cidr6()));
                steps.add(new LinkUp(e.netns(), e.ifname()));
            }
        }
    }

    private void bridgePorts() {
        for (Port p : graph.ports()) {
            Node n = p.node();
            Interface i = p.iface();
            Bridge b = p.bridge();
            String ns = netnsOf(n.name());
            String hostEnd = hostEnds.get(HostEnds.key(n.name(), i.name()));
            steps.add(new CreateVeth(hostNs, hostEnd, null, ns, i.name(), i.mac(), i.mtu() != null ? i.mtu() : b.mtu()));
            steps.add(new SetMaster(hostNs, hostEnd, b.name()));
            steps.add(new LinkUp(hostNs, hostEnd));
            lab.address(n.name(), i.name(), 4).ifPresent(c -> steps.add(new AddAddress(ns, i.name(), c)));
            lab.address(n.name(), i.name(), 6).ifPresent(c -> steps.add(new AddAddress(ns, i.name(), c)));
            steps.add(new LinkUp(ns, i.name()));
        }
    }

    /** Each impaired direction becomes an impairment of the egress it leaves by (no ingress queue needed). */
    private void impairments() {
        for (Link l : graph.links()) {
            Impair impair = linkImpair(l);
            if (impair.isNone()) continue;
            End a = end(l.a()), b = end(l.b());
            String label = l.a().toString();
            impair(a.netns(), a.ifname(), label, "out", impair.out());
            impair(b.netns(), b.ifname(), label, "in", impair.in());
        }
        for (Port p : graph.ports()) {
            Node n = p.node();
            Interface i = p.iface();
            if (i.impair().isNone()) continue;
            String label = n.name() + ":" + i.name();
            impair(netnsOf(n.name()), i.name(), label, "out", i.impair().out());
            impair(hostNs, hostEnds.get(HostEnds.key(n.name(), i.name())), label, "in", i.impair().in());
        }
    }

    /** A link's impairment seen from its first end: given on the link, or on one of its ends (validation allows one). */
    private Impair linkImpair(Link l) {
        if (!l.impair().isNone()) return l.impair();
        Impair a = endImpair(l.a()), b = endImpair(l.b());
        return !a.isNone() ? a : b.reversed();
    }

    private Impair endImpair(Endpoint e) {
        if (e.isHost()) return Impair.NONE;
        return lab.nodes().get(e.owner()).interfaces().get(e.ifname()).impair();
    }

    private void impair(String netns, String ifname, String label, String direction, Impairment impairment) {
        if (!impairment.isNone()) steps.add(new ImpairEgress(netns, ifname, label, direction, impairment));
    }

    private void routes() {
        for (Node n : lab.nodes().values()) {
            String ns = netnsOf(n.name());
            for (int family : new int[] {4, 6}) {
                boolean hasDefault = n.routes().stream().anyMatch(r -> r.isDefault() && r.via().family() == family);
                if (family == 6 && !lab.hasIpv6(n.name())) continue;
                if (!hasDefault && n.ownNetns()) graph.defaultGateway(n.name(), family).ifPresent(gw -> steps.add(new AddRoute(ns, Cidr.any(gw.family()), gw)));
            }
            for (Route r : n.routes()) steps.add(new AddRoute(ns, r.to().subnet(), r.via()));
        }
    }

    private void nat() {
        List<MasqueradeRule> masq = new ArrayList<>();
        for (Bridge b : lab.bridges().values()) {
            if (b.masquerade() && b.subnet() != null) masq.add(new MasqueradeRule(b.subnet(), b.name()));
            if (b.masquerade() && b.subnet6() != null) masq.add(new MasqueradeRule(b.subnet6(), b.name())); // NAT66, as Docker's ip6tables
        }
        List<DnatRule> dnat = new ArrayList<>();
        for (Node n : lab.nodes().values()) {
            for (Publish p : n.publish()) {
                // Published on each family the node has: the host side's IPv6 addresses forward to its IPv6 one.
                for (int family : List.of(4, 6)) {
                    lab.nodeAddress(n.name(), family).ifPresent(to -> dnat.add(new DnatRule(p.proto(), p.hostPort(), n.name(), to, p.port())));
                }
            }
        }
        if (!masq.isEmpty() || !dnat.isEmpty()) steps.add(new InstallNat(hostNs, lab.natTableName(), masq, dnat));
    }

    private void nodes() {
        Map<String, String> ownLines = new LinkedHashMap<>();
        for (Node n : lab.nodes().values()) HostsFile.ownLine(lab, n).ifPresent(line -> ownLines.put(n.name(), line));
        if (!lab.nodes().isEmpty()) steps.add(new WriteHostsFile(HostsFile.of(lab), ownLines));
        for (Node n : lab.nodes().values()) {
            steps.add(new StartNode(n.name(), netnsOf(n.name()), n.namespaces(), n.user(), n.hostname(), n.run(), n.env(),
                    cgroups ? CgroupPaths.node(lab.name(), n.name()) : null, n.root(), n.mounts(), n.files(),
                    n.privileged() ? null : Capability.names(n.capabilities()), n.setup()));
        }
    }

    private void services() {
        List<ServiceSpec> specs = new ArrayList<>();
        for (Node n : lab.nodes().values()) {
            for (Service s : n.services()) specs.add(new ServiceSpec(n.name(), netnsOf(n.name()), s.type(), s.port()));
        }
        // The supervisor also runs the delay lines of impairments where the kernel has no netem;
        // up starts it only when there is something for it to do.
        boolean delays = steps.stream().anyMatch(s -> s instanceof ImpairEgress i && i.impairment().delaysOrDrops());
        if (!specs.isEmpty() || delays) steps.add(new StartServices(specs));
    }

    private List<PlanNode> planNodes() {
        List<PlanNode> out = new ArrayList<>();
        for (Node n : lab.nodes().values()) {
            Map<String, String> addrs = new LinkedHashMap<>();
            Map<String, String> addrs6 = new LinkedHashMap<>();
            for (String ifname : n.interfaces().keySet()) {
                lab.address(n.name(), ifname, 4).ifPresent(c -> addrs.put(ifname, c.toString()));
                lab.address(n.name(), ifname, 6).ifPresent(c -> addrs6.put(ifname, c.toString()));
            }
            out.add(new PlanNode(n.name(), netnsOf(n.name()), n.hostname(), java.util.Collections.unmodifiableMap(addrs),
                    java.util.Collections.unmodifiableMap(addrs6)));
        }
        return out;
    }

    private List<ResolvedCheck> checks() {
        List<ResolvedCheck> out = new ArrayList<>();
        for (int k = 0; k < lab.checks().size(); k++) {
            Check c = lab.checks().get(k);
            if (c.isExec()) {
                out.add(new ResolvedCheck(k, c.from(), netnsOf(c.from()), c.probe(), c.target(), null, 0, null,
                        c.expect(), c.timeoutMs(), c.argv(), c.hint(), c.retry()));
                continue;
            }
            ProbeTarget t = ProbeTarget.parse(c.probe(), c.target());
            String ns = c.from().equals(Endpoint.HOST) ? hostNs : netnsOf(c.from());
            IpAddress address = lab.resolve(t.host(), c.family()).orElseThrow();
            out.add(new ResolvedCheck(k, c.from(), ns, c.probe(), c.target(), address.toString(), t.port(), t.httpPath(),
                    c.expect(), c.timeoutMs(), List.of(), c.hint(), c.retry()));
        }
        return out;
    }
}
