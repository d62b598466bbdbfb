package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Addresses;
import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Check;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Impair;
import io.nslab.topology.model.Link;
import io.nslab.topology.model.Node;
import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Ipv4;

/**
 * Reads a lab's JSON tree into the model, checking every key, type and syntax on the way
 * (a node's by {@link NodeReader}, a check's by {@link CheckReader}), and gives the interfaces
 * their addresses ({@link AddressAllocator}). What is wrong is reported and left out (a bad subnet becomes null, a bad node is still
 * read as far as it goes), so {@link LabRules} can check the rest without piling errors on
 * errors. Cross-references (a bridge that exists, an address in its subnet) are LabRules'.
 */
public final class LabReader {
    static final int MTU_MIN = 68, MTU_MAX = 65535, DEFAULT_MTU = 1500;
    /** MAX_ARG_STRLEN: execve refuses a longer argument or environment string (E2BIG). */
    static final int MAX_ARG = 128 * 1024;

    private final Problems problems;
    private final AddressText addresses;
    private final NodeReader nodeReader;
    private final CheckReader checkReader;

    /** {@code base}: the lab file's directory, which relative paths in it start from. */
    public LabReader(Problems problems, java.nio.file.Path base) {
        this.problems = problems;
        this.addresses = new AddressText(problems);
        this.nodeReader = new NodeReader(problems, addresses, new RootReader(problems, base));
        this.checkReader = new CheckReader(problems);
    }

    public Lab read(JsonNode root) {
        Obj top = Obj.of(root, "", problems, "a lab", List.of("name", "bridges", "host", "nodes", "links", "checks"));
        if (top == null) return null;
        String name = top.requiredString("name", "every lab has a name, like \"name\": \"bridge\"");
        if (name != null) report(top.path("name"), Names.labProblem(name));

        Map<String, Bridge> bridges = new LinkedHashMap<>();
        Map<String, JsonNode> b = top.members("bridges", "bridge name -> bridge");
        if (b != null) b.forEach((k, v) -> {
            Bridge br = bridge(k, v, Problems.key(top.path("bridges"), k));
            if (br != null) bridges.put(k, br);
        });

        Map<String, HostInterface> hostIfs = new LinkedHashMap<>();
        if (top.has("host")) {
            Obj host = Obj.of(top.raw("host"), top.path("host"), problems, "the lab's host side", List.of("interfaces"));
            Map<String, JsonNode> ifs = host == null ? null : host.members("interfaces", "interface name -> { ip, mtu }");
            if (ifs != null) ifs.forEach((k, v) -> {
                HostInterface hi = hostInterface(k, v, Problems.key(host.path("interfaces"), k));
                if (hi != null) hostIfs.put(k, hi);
            });
        }

        Map<String, Node> nodes = new LinkedHashMap<>();
        if (!top.has("nodes")) {
            top.missing("nodes", "a lab has at least one node");
        } else {
            Map<String, JsonNode> n = top.members("nodes", "node name -> node");
            if (n != null && n.isEmpty()) problems.add(top.path("nodes"), "a lab has at least one node");
            if (n != null) n.forEach((k, v) -> {
                Node node = nodeReader.read(k, v, Problems.key(top.path("nodes"), k));
                if (node != null) nodes.put(k, node);
            });
        }

        List<Link> links = new ArrayList<>();
        List<JsonNode> l = top.array("links", "of links");
        if (l != null) for (int i = 0; i < l.size(); i++) links.add(link(l.get(i), Problems.index(top.path("links"), i)));

        List<Check> checks = new ArrayList<>();
        List<JsonNode> c = top.array("checks", "of checks");
        if (c != null) for (int i = 0; i < c.size(); i++) checks.add(checkReader.read(c.get(i), Problems.index(top.path("checks"), i)));

        // Addresses are given out here, once: validation, the plan and the graph all read them from the lab.
        Lab lab = new Lab(name, bridges, hostIfs, nodes, links, checks, Addresses.NONE);
        return lab.withAddresses(AddressAllocator.allocate(lab, problems));
    }

    private void report(String path, String problem) {
        if (problem != null) problems.add(path, problem);
    }

    private Bridge bridge(String name, JsonNode v, String path) {
        report(path, Names.ifnameProblem(name));
        Obj o = Obj.of(v, path, problems, "a bridge", List.of("subnet", "gateway", "masquerade", "mtu", "subnet6", "gateway6"));
        if (o == null) return null;
        String s6 = o.string("subnet6");
        String s = s6 != null ? o.string("subnet")
                : o.requiredString("subnet", "a bridge needs a subnet: IPv4 (subnet, like \"172.20.0.0/24\"), IPv6 (subnet6, like \"fd00:20::/64\") or both");
        Cidr subnet = s == null ? null : addresses.subnet(s, o.path("subnet"), 4);
        Cidr subnet6 = s6 == null ? null : addresses.subnet(s6, o.path("subnet6"), 6);
        String gateway6 = o.string("gateway6");
        if (gateway6 != null && !gateway6.equals(Bridge.NO_GATEWAY) && !(gateway6.indexOf(':') >= 0 && IpAddress.isValid(gateway6))) {
            problems.add(o.path("gateway6"), "\"" + gateway6 + "\" must be an IPv6 address in subnet6, or \"none\"");
            gateway6 = null;
        }
        String gateway = o.string("gateway");
        if (gateway != null && !gateway.equals(Bridge.NO_GATEWAY) && !Ipv4.isValid(gateway)) {
            problems.add(o.path("gateway"), "\"" + gateway + "\" must be an IPv4 address in the subnet, or \"none\"");
            gateway = null;
        }
        Boolean masq = o.bool("masquerade");
        Integer mtu = o.integer("mtu", MTU_MIN, MTU_MAX, "the MTU");
        return new Bridge(name, subnet, gateway, masq != null && masq, mtu == null ? DEFAULT_MTU : mtu, subnet6, gateway6);
    }

    private HostInterface hostInterface(String name, JsonNode v, String path) {
        report(path, Names.ifnameProblem(name));
        Obj o = Obj.of(v, path, problems, "a host interface", List.of("ip", "ip6", "mtu"));
        if (o == null) return null;
        String ip6 = o.string("ip6");
        String ip = ip6 != null ? o.string("ip")
                : o.requiredString("ip", "a host interface is a link end and needs an address, like \"198.51.100.1/24\" (or an ip6)");
        Integer mtu = o.integer("mtu", MTU_MIN, MTU_MAX, "the MTU");
        return new HostInterface(name, ip == null ? null : addresses.interfaceAddress(ip, o.path("ip"), 4), mtu,
                ip6 == null ? null : addresses.interfaceAddress(ip6, o.path("ip6"), 6));
    }

    private Link link(JsonNode v, String path) {
        Obj o = Obj.of(v, path, problems, "a link", List.of("endpoints", "mtu", "impair"));
        if (o == null) return new Link(null, null, null);
        Integer mtu = o.integer("mtu", MTU_MIN, MTU_MAX, "the MTU");
        if (!o.has("endpoints")) {
            o.missing("endpoints", "a link joins two endpoints, like [\"host:wan0\", \"isp:eth0\"]");
            return new Link(null, null, mtu);
        }
        List<JsonNode> e = o.array("endpoints", "of two \"NODE:IF\" or \"host:IF\"");
        if (e == null) return new Link(null, null, mtu);
        if (e.size() != 2) {
            problems.add(o.path("endpoints"), "a link has exactly two endpoints, not " + e.size());
            return new Link(null, null, mtu);
        }
        Endpoint a = endpoint(e.get(0), Problems.index(o.path("endpoints"), 0));
        Endpoint b = endpoint(e.get(1), Problems.index(o.path("endpoints"), 1));
        Impair impair = o.has("impair") ? ImpairReader.read(o.raw("impair"), o.path("impair"), problems) : Impair.NONE;
        return new Link(a, b, mtu, impair);
    }

    private Endpoint endpoint(JsonNode v, String path) {
        String s = Json.string(v, path, "\"NODE:IF\" or \"host:IF\"", problems);
        if (s == null) return null;
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            problems.add(path, "\"" + s + "\" must be NODE:IF or host:IF, like \"isp:eth0\"");
            return null;
        }
        return new Endpoint(s.substring(0, colon), s.substring(colon + 1));
    }
}
