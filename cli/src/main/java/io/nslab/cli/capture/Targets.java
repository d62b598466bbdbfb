package io.nslab.cli.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.topology.plan.MadeLink;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;
import io.nslab.topology.plan.Steps;

/**
 * What a capture's TARGET words mean in a lab, read from its Plan:
 * <ul>
 *   <li>{@code NODE:IF}: one interface ({@code host:IF} for the host side's own);</li>
 *   <li>{@code NODE}: every interface of the node ({@code host}: of the host side);</li>
 *   <li>a bridge's name: every port of the bridge (the host-side ends of its nodes' veths);</li>
 *   <li>{@code NODE:IF-NODE:IF}: both ends of a link;</li>
 *   <li>{@code --all}: every node's interfaces, and the host side's that are not bridge ports
 *       (a port's packets are its node's, already there).</li>
 * </ul>
 */
public final class Targets {
    public static final String HOST = "host";

    private final Map<String, Map<String, Tap>> byNode = new LinkedHashMap<>();
    private final Map<String, List<Tap>> bridgePorts = new LinkedHashMap<>();

    public Targets(Plan plan) {
        Map<String, String> nodeOfNetns = new LinkedHashMap<>();
        nodeOfNetns.put(plan.hostNetns(), HOST);
        byNode.put(HOST, new LinkedHashMap<>());
        for (PlanNode n : plan.nodes()) {
            nodeOfNetns.putIfAbsent(n.netns(), n.name());
            byNode.put(n.name(), new LinkedHashMap<>());
        }
        Map<String, String> peerOf = new LinkedHashMap<>(); // "netns/if" -> "NODE:IF" of the other end
        for (MadeLink end : plan.links()) {
            if (end.isVeth()) peerOf.put(end.netns() + "/" + end.name(), nodeOfNetns.get(end.peerNetns()) + ":" + end.peerName());
        }
        for (MadeLink end : plan.links()) {
            add(nodeOfNetns, end.netns(), end.name(), end.isVeth() ? "veth, peer " + peerOf.get(end.netns() + "/" + end.name()) : "bridge " + end.name());
        }
        // Ports of bridges are veth ends added above: described again, in place.
        for (Steps.SetMaster m : plan.steps(Steps.SetMaster.class)) {
            Tap port = byNode.get(nodeOfNetns.get(m.netns())).get(m.ifname());
            Tap described = new Tap(port.name(), "port of bridge " + m.master() + ", peer " + peerOf.get(m.netns() + "/" + m.ifname()),
                    port.netns(), port.ifname());
            byNode.get(nodeOfNetns.get(m.netns())).put(m.ifname(), described);
            bridgePorts.computeIfAbsent(m.master(), k -> new ArrayList<>()).add(described);
        }
    }

    private void add(Map<String, String> nodeOfNetns, String netns, String ifname, String description) {
        String node = nodeOfNetns.get(netns);
        if (node == null) return;
        byNode.get(node).putIfAbsent(ifname, new Tap(node + ":" + ifname, description, netns, ifname));
    }

    /** Every interface of the lab as {@code --all} means it. */
    public List<Tap> all() {
        List<Tap> out = new ArrayList<>();
        byNode.forEach((node, taps) -> {
            if (!node.equals(HOST)) out.addAll(taps.values());
        });
        List<Tap> ports = bridgePorts.values().stream().flatMap(List::stream).toList();
        for (Tap t : byNode.get(HOST).values()) if (!ports.contains(t)) out.add(t);
        return out;
    }

    /** The interfaces {@code targets} name, each once, in the order named; IllegalArgumentException for a word that names none. */
    public List<Tap> resolve(List<String> targets) {
        Map<String, Tap> out = new LinkedHashMap<>();
        for (String target : targets) for (Tap t : one(target)) out.putIfAbsent(t.name(), t);
        return List.copyOf(out.values());
    }

    private List<Tap> one(String target) {
        if (bridgePorts.containsKey(target)) return bridgePorts.get(target);
        if (byNode.containsKey(target)) {
            if (byNode.get(target).isEmpty()) throw new IllegalArgumentException("node " + target + " has no interface of its own to capture on");
            return List.copyOf(byNode.get(target).values());
        }
        Tap single = endpoint(target);
        if (single != null) return List.of(single);
        // A link: split at a '-' that leaves an endpoint on each side (names may hold '-').
        for (int i = target.indexOf('-'); i > 0; i = target.indexOf('-', i + 1)) {
            Tap a = endpoint(target.substring(0, i)), b = endpoint(target.substring(i + 1));
            if (a != null && b != null) return List.of(a, b);
        }
        throw new IllegalArgumentException("\"" + target + "\" names no interface, node, bridge or link of the lab (try "
                + String.join(", ", examples()) + ")");
    }

    private Tap endpoint(String word) {
        int colon = word.indexOf(':');
        if (colon < 0) return null;
        Map<String, Tap> taps = byNode.get(word.substring(0, colon));
        return taps == null ? null : taps.get(word.substring(colon + 1));
    }

    private List<String> examples() {
        List<String> e = new ArrayList<>();
        byNode.forEach((node, taps) -> taps.values().stream().limit(1).forEach(t -> e.add(t.name())));
        e.addAll(bridgePorts.keySet());
        return e.size() > 6 ? e.subList(0, 6) : e;
    }
}
