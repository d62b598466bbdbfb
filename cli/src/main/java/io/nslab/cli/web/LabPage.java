package io.nslab.cli.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.impair.LinkEnds;
import io.nslab.cli.render.LabView;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.topology.graph.Edge;
import io.nslab.topology.graph.LabGraph;
import io.nslab.topology.graph.Vertex;
import io.nslab.addr.Cidr;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;
import io.nslab.topology.LabParser;
import io.nslab.topology.plan.MadeLink;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;
import io.nslab.topology.plan.ResolvedCheck;

/**
 * What the page draws of one running lab, read once from its state directory: the graph
 * (vertices and edges, as {@code nslab graph} has them), each node's published ports and
 * services, for each edge the interface whose counters it shows ({@link Counted}), and for
 * each edge made of a veth its two ends ({@code links}: whose impairments it shows, and which
 * the page's link buttons change, as {@code nslab link} does).
 */
record LabPage(String lab, FileTime planTime, RunningLab running, ObjectNode json, Map<String, Counted> counted,
               Map<String, LinkEnds> links) {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The interface an edge's counters come from: its name in a network namespace (a path);
     * {@code swapped} when it is the far end of the veth the edge means (what it receives,
     * the edge's end sent).
     */
    record Counted(String netnsPath, String ifname, boolean swapped) {}

    static LabPage read(StateDir state) throws IOException {
        FileTime planTime = Files.getLastModifiedTime(state.plan());
        RunningLab running = RunningLab.of(state);
        Plan plan = running.plan();
        Path base = Files.exists(state.labBase()) ? Path.of(Files.readString(state.labBase()).strip()) : state.dir();
        Lab lab = LabParser.parse(Files.readString(state.labFile()), state.labFile().toString(),
                io.nslab.topology.parse.LabSyntax.of(state.labFile()), base);
        LabGraph graph = LabGraph.of(lab);
        Map<String, String> nodeNetns = new LinkedHashMap<>();
        for (PlanNode n : plan.nodes()) nodeNetns.put("node:" + n.name(), NetnsName.path(n.netns()));
        String hostNetns = NetnsName.path(plan.hostNetns());
        // A node's veth has its other end in the host side's namespace (bridge ports): its
        // counters are read there, so one dump covers every port, not one per node.
        Map<String, Counted> hostEnds = new LinkedHashMap<>();
        for (MadeLink end : plan.links()) {
            if (!end.isVeth()) continue;
            Counted here = new Counted(NetnsName.path(end.netns()), end.name(), true), peer = new Counted(NetnsName.path(end.peerNetns()), end.peerName(), true);
            if (peer.netnsPath().equals(hostNetns)) hostEnds.put(here.netnsPath() + " " + here.ifname(), peer);
        }
        Map<String, List<String>> published = LabView.published(plan), services = LabView.services(plan);

        ObjectNode root = JSON.createObjectNode().put("type", "topology").put("lab", plan.lab()).put("on_host", plan.onHost())
                .put("version", planTime.toString());
        ArrayNode vertices = root.putArray("vertices");
        Map<String, String> byAddress = vertexByAddress(lab);
        for (Vertex v : graph.graph().vertexSet()) {
            ObjectNode o = vertices.addObject().put("id", v.id()).put("kind", v.kind().name().toLowerCase())
                    .put("name", v.kind() == Vertex.Kind.NODE ? v.title() : v.id().substring(v.id().indexOf(':') + 1));
            ArrayNode lines = o.putArray("lines");
            v.lines().forEach(lines::add);
            if (v.kind() == Vertex.Kind.NODE) {
                published.getOrDefault(v.title(), List.of()).forEach(o.withArray("published")::add);
                services.getOrDefault(v.title(), List.of()).forEach(o.withArray("services")::add);
            }
        }
        ArrayNode edges = root.putArray("edges");
        Map<String, Counted> counted = new LinkedHashMap<>();
        Map<String, LinkEnds> links = new LinkedHashMap<>();
        int i = 0;
        for (Edge e : graph.graph().edgeSet()) {
            String id = "e" + i++;
            Vertex source = graph.graph().getEdgeSource(e), target = graph.graph().getEdgeTarget(e);
            ObjectNode edge = edges.addObject().put("id", id).put("kind", e.kind().name().toLowerCase()).put("source", source.id())
                    .put("target", target.id()).put("label", e.label());
            String endpoint = endpoint(e, source);
            if (endpoint != null) {
                try {
                    links.put(id, LinkEnds.resolve(plan, endpoint));
                    edge.put("endpoint", endpoint);
                } catch (NslabException notVeth) {
                    // an edge of the picture that is no veth: nothing nslab link could change
                }
            }
            String netns = source.kind() == Vertex.Kind.HOST ? hostNetns : nodeNetns.get(source.id());
            Counted near = switch (e.kind()) {
                case PORT -> new Counted(netns, e.label(), false);
                case LINK -> new Counted(netns, e.link().a().ifname(), false); // the source vertex is the link's a end
                case BRIDGE_ON_HOST -> new Counted(hostNetns, target.id().substring("bridge:".length()), false);
                case SHARES_NETNS -> null;
            };
            if (near != null) counted.put(id, hostEnds.getOrDefault(near.netnsPath() + " " + near.ifname(), near));
        }
        ArrayNode checks = root.putArray("checks");
        for (ResolvedCheck c : plan.checks()) {
            ObjectNode o = checks.addObject().put("index", c.index()).put("from", "node:" + c.from()).put("text", c.describe());
            String to = c.address() == null ? null : byAddress.get(c.address());
            if (to != null) o.put("to", to);
        }
        return new LabPage(plan.lab(), planTime, running, root, counted, links);
    }

    /** The interface that names a veth edge for {@code nslab link} ({@code NODE:IF}, {@code host:IF}), or null. */
    private static String endpoint(Edge e, Vertex source) {
        String owner = source.kind() == Vertex.Kind.HOST ? Endpoint.HOST : source.title();
        return switch (e.kind()) {
            case PORT -> owner + ":" + e.port().iface().name();
            case LINK -> owner + ":" + e.link().a().ifname();
            case BRIDGE_ON_HOST, SHARES_NETNS -> null;
        };
    }

    /**
     * Which vertex holds each address of the lab, IPv4 and IPv6, read from the model (the
     * addresses nslab allocated included): where a check's arrow points. A bridge's gateway is
     * the host side's address; no check names it, so bridges are left out.
     */
    static Map<String, String> vertexByAddress(Lab lab) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HostInterface h : lab.hostInterfaces().values()) {
            for (Cidr c : java.util.Arrays.asList(h.ip(), h.ip6())) if (c != null) out.put(c.address().toString(), "host");
        }
        for (Node n : lab.nodes().values()) {
            for (String ifname : n.interfaces().keySet()) {
                for (int family : new int[] {4, 6}) lab.address(n.name(), ifname, family).ifPresent(c -> out.put(c.address().toString(), "node:" + n.name()));
            }
        }
        return out;
    }

    /** Which reading of the lab this is: a page that has it already is not sent it again. */
    String version() { return planTime.toString(); }

    List<String> netnsPaths() {
        // A set: a list's contains() made this quadratic, 10,000 nodes' edges against their paths every second.
        Set<String> out = new LinkedHashSet<>();
        for (Counted c : counted.values()) out.add(c.netnsPath());
        return new ArrayList<>(out);
    }
}
