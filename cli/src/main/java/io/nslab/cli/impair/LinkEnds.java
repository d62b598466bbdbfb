package io.nslab.cli.impair;

import java.util.ArrayList;
import java.util.List;

import io.nslab.cli.outcome.NslabException;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.plan.MadeLink;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;

/**
 * The two ends of the veth behind an interface a user names ({@code NODE:IF}, or {@code host:IF}
 * for the lab's host side), found in the lab's Plan: {@code here} is the interface itself (what it
 * sends leaves here), {@code there} its peer (what it receives leaves there).
 */
public record LinkEnds(String label, Egress here, Egress there) {
    /** One end: an interface in a network namespace. */
    public record Egress(String netns, String ifname) {}

    public static LinkEnds resolve(Plan plan, String endpoint) {
        int colon = endpoint.indexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw NslabException.badInput("nslab: \"" + endpoint + "\" must be NODE:IF, like router:eth1");
        }
        String owner = endpoint.substring(0, colon), ifname = endpoint.substring(colon + 1);
        String netns = null;
        if (owner.equals(Endpoint.HOST)) netns = plan.hostNetns();
        for (PlanNode n : plan.nodes()) if (n.name().equals(owner)) netns = n.netns();
        if (netns == null) throw NslabException.badInput("nslab: lab " + plan.lab() + " has no node " + owner);
        List<String> known = new ArrayList<>();
        for (MadeLink end : plan.links()) {
            if (!end.isVeth() || !end.netns().equals(netns)) continue;
            known.add(end.name());
            if (end.name().equals(ifname)) return new LinkEnds(endpoint, new Egress(netns, ifname), new Egress(end.peerNetns(), end.peerName()));
        }
        throw NslabException.badInput("nslab: " + owner + " has no interface " + ifname + " in lab " + plan.lab()
                + (known.isEmpty() ? "" : " (it has " + String.join(", ", known) + ")"));
    }
}
