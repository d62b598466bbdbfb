package io.nslab.cli.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.nslab.topology.plan.Netns;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanNode;

/**
 * Who pings and who is pinged in a pingall of a running lab, read from its plan: every node
 * pings from its network namespace (a node that shares another's pings from there too), and
 * is pinged at the address of its first interface, as /etc/hosts names it (a node with no
 * interface of its own is not a target).
 *
 * @param sources   node → path of its network namespace, in file order
 * @param addresses node → its first address, in file order
 */
public record PingTargets(Map<String, String> sources, Map<String, InetAddress> addresses) {

    public static PingTargets of(Plan plan) {
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, InetAddress> addresses = new LinkedHashMap<>();
        for (PlanNode node : plan.nodes()) {
            sources.put(node.name(), Netns.path(node.netns()));
            node.addresses().values().stream().findFirst()
                    .ifPresent(cidr -> addresses.put(node.name(), address(cidr)));
        }
        return new PingTargets(Collections.unmodifiableMap(sources), Collections.unmodifiableMap(addresses));
    }

    private static InetAddress address(String cidr) {
        String ip = cidr.substring(0, cidr.indexOf('/') < 0 ? cidr.length() : cidr.indexOf('/'));
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address in plan.json: " + cidr, e);
        }
    }
}
