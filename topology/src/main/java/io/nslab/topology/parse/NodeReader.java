package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Mac;
import io.nslab.topology.model.Impair;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Limits;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.Publish;
import io.nslab.topology.model.Route;
import io.nslab.topology.model.Service;
import io.nslab.topology.model.UserMaps;

/** Reads one node of a lab file (its interfaces, namespaces, routes, services, command, root...), for {@link LabReader}. */
final class NodeReader {
    static final Pattern USER_MAP = Pattern.compile("([0-9]{1,10}):([0-9]{1,10}):([0-9]{1,10})");
    static final Pattern PUBLISH = Pattern.compile("([0-9]{1,5}):([0-9]{1,5})(?:/(tcp|udp))?");
    static final Pattern SYSCTL = Pattern.compile("net\\.[A-Za-z0-9_.-]+");
    static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;
    private final AddressText addresses;
    private final RootReader roots;

    NodeReader(Problems problems, AddressText addresses, RootReader roots) {
        this.problems = problems;
        this.addresses = addresses;
        this.roots = roots;
    }

    private void report(String path, String problem) {
        if (problem != null) problems.add(path, problem);
    }

    Node read(String name, JsonNode v, String path) {
        report(path, Names.nodeProblem(name));
        Obj o = Obj.of(v, path, problems, "a node", List.of("hostname", "interfaces", "netns", "namespaces", "user",
                "routes", "sysctls", "publish", "services", "run", "env", "limits", "root", "mounts", "files", "capabilities", "privileged"));
        if (o == null) return null;

        String hostname = o.string("hostname");
        if (hostname != null && !Names.DNS_LABEL.matcher(hostname).matches()) {
            problems.add(o.path("hostname"), "\"" + hostname + "\" is not a DNS label: 1 to 63 of a-z A-Z 0-9 -, not starting or ending with -");
        }

        Map<String, Interface> ifs = new LinkedHashMap<>();
        Map<String, JsonNode> ifNodes = o.members("interfaces", "interface name -> { bridge, ip, ip6, mac, mtu, impair }");
        if (ifNodes != null) ifNodes.forEach((k, iv) -> {
            Interface i = nodeInterface(k, iv, Problems.key(o.path("interfaces"), k));
            if (i != null) ifs.put(k, i);
        });

        String netns = o.string("netns");
        List<String> namespaces = namespaces(o);
        UserMaps user = o.has("user") ? user(o.raw("user"), o.path("user")) : null;
        List<Route> routes = routes(o);
        Map<String, String> sysctls = stringMap(o, "sysctls", "sysctl -> value", SYSCTL,
                "is not a network sysctl: only net.* keys (like net.ipv4.ip_forward) belong to a node's namespace");
        List<Publish> publish = publish(o);
        List<Service> services = services(o);
        List<List<String>> run = Commands.readRun(o, "run", "leave run out to run nothing", problems);
        Map<String, String> env = stringMap(o, "env", "variable -> value", ENV,
                "is not an environment variable name: a letter or _, then letters, digits, _");
        Limits limits = o.has("limits") ? LimitsReader.read(o.raw("limits"), o.path("limits"), problems) : Limits.NONE;
        RootReader.Result fs = roots.read(o, namespaces.contains("mnt"));
        return new Node(name, hostname == null ? name : hostname, ifs, netns, namespaces, user, routes, sysctls,
                publish, services, run.isEmpty() ? List.of() : run.get(run.size() - 1),
                run.isEmpty() ? List.of() : run.subList(0, run.size() - 1), env, limits, fs.root(), fs.mounts(), fs.files(),
                CapabilitiesReader.read(o, problems), o.has("root"));
    }

    private Interface nodeInterface(String name, JsonNode v, String path) {
        report(path, Names.ifnameProblem(name));
        Obj o = Obj.of(v, path, problems, "an interface", List.of("bridge", "ip", "ip6", "mac", "mtu", "impair"));
        if (o == null) return null;
        String bridge = o.string("bridge");
        String ip = o.string("ip");
        String ip6 = o.string("ip6");
        String macText = o.string("mac");
        Mac mac = null;
        if (macText != null && Mac.problem(macText) != null) problems.add(o.path("mac"), Mac.problem(macText));
        else if (macText != null) mac = Mac.parse(macText);
        Integer mtu = o.integer("mtu", LabReader.MTU_MIN, LabReader.MTU_MAX, "the MTU");
        Impair impair = o.has("impair") ? ImpairReader.read(o.raw("impair"), o.path("impair"), problems) : Impair.NONE;
        return new Interface(name, bridge, ip == null ? null : addresses.interfaceAddress(ip, o.path("ip"), 4), mac,
                mtu, impair, ip6 == null ? null : addresses.interfaceAddress(ip6, o.path("ip6"), 6));
    }

    private List<String> namespaces(Obj o) {
        List<JsonNode> a = o.array("namespaces", "of namespace kinds: " + String.join(", ", Node.ALL_NAMESPACES));
        if (a == null) return Node.ALL_NAMESPACES;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String p = Problems.index(o.path("namespaces"), i);
            String kind = Json.string(a.get(i), p, "a namespace kind", problems);
            if (kind == null) continue;
            if (!Node.ALL_NAMESPACES.contains(kind)) {
                problems.add(p, "\"" + kind + "\" is not a namespace a node can have (" + String.join(", ", Node.ALL_NAMESPACES)
                        + (kind.equals("net") || kind.equals("user") ? "; net is set by netns and user by user" : "") + ")");
            } else if (out.contains(kind)) {
                problems.add(p, "\"" + kind + "\" is listed twice");
            } else {
                out.add(kind);
            }
        }
        return out;
    }

    private UserMaps user(JsonNode v, String path) {
        Obj o = Obj.of(v, path, problems, "user namespace maps", List.of("uid", "gid"));
        if (o == null) return null;
        String uid = userMap(o, "uid");
        String gid = userMap(o, "gid");
        return uid == null || gid == null ? null : new UserMaps(uid, gid);
    }

    private String userMap(Obj o, String key) {
        String m = o.requiredString(key, "a user namespace needs both maps, each \"IN:OUT:COUNT\" like \"0:100000:65536\"");
        if (m == null) return null;
        Matcher x = USER_MAP.matcher(m);
        boolean ok = x.matches() && Long.parseLong(x.group(1)) <= 0xFFFFFFFFL && Long.parseLong(x.group(2)) <= 0xFFFFFFFFL
                && Long.parseLong(x.group(3)) >= 1 && Long.parseLong(x.group(1)) + Long.parseLong(x.group(3)) <= 0x100000000L
                && Long.parseLong(x.group(2)) + Long.parseLong(x.group(3)) <= 0x100000000L;
        if (!ok) {
            problems.add(o.path(key), "\"" + m + "\" must be IN:OUT:COUNT (three numbers, COUNT at least 1, ranges within 0..4294967295), like \"0:100000:65536\"");
            return null;
        }
        return m;
    }

    private List<Route> routes(Obj o) {
        List<Route> out = new ArrayList<>();
        List<JsonNode> a = o.array("routes", "of { to, via }");
        if (a == null) return out;
        for (int i = 0; i < a.size(); i++) {
            Obj r = Obj.of(a.get(i), Problems.index(o.path("routes"), i), problems, "a route", List.of("to", "via"));
            if (r == null) continue;
            String to = r.requiredString("to", "a route needs a destination: a subnet like \"10.1.0.0/16\" or \"default\"");
            String via = r.requiredString("via", "a route needs a gateway address (via)");
            IpAddress viaIp = null;
            if (via != null) {
                try {
                    viaIp = IpAddress.parse(via);
                } catch (IllegalArgumentException e) {
                    problems.add(r.path("via"), e.getMessage());
                }
            }
            Cidr toCidr = to == null || to.equals(Route.DEFAULT) ? null : addresses.subnet(to, r.path("to"), to.indexOf(':') >= 0 ? 6 : 4);
            if (toCidr != null && viaIp != null && toCidr.family() != viaIp.family()) {
                problems.add(r.path("via"), viaIp + " is an IPv" + viaIp.family() + " address; a route to " + toCidr + " needs an IPv"
                        + toCidr.family() + " via");
                continue;
            }
            if (viaIp != null && to != null && to.equals(Route.DEFAULT)) out.add(Route.byDefault(viaIp));
            else if (viaIp != null && toCidr != null) out.add(new Route(toCidr, viaIp));
        }
        return out;
    }

    private Map<String, String> stringMap(Obj o, String key, String what, Pattern keys, String badKey) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, JsonNode> m = o.members(key, what);
        if (m == null) return out;
        m.forEach((k, v) -> {
            String p = Problems.key(o.path(key), k);
            if (!keys.matcher(k).matches() || k.contains("..")) {
                problems.add(p, "\"" + k + "\" " + badKey);
                return;
            }
            String s = Json.string(v, p, "the value", problems);
            if (s == null) return;
            if (s.contains("\n") || s.contains("\0")) {
                problems.add(p, "the value must be one line");
                return;
            }
            if (s.length() > LabReader.MAX_ARG) {
                problems.add(p, "the value is longer than " + LabReader.MAX_ARG + " characters, the kernel's limit");
                return;
            }
            out.put(k, s);
        });
        return out;
    }

    private List<Publish> publish(Obj o) {
        List<Publish> out = new ArrayList<>();
        List<JsonNode> a = o.array("publish", "of \"HOSTPORT:PORT[/tcp or /udp]\"");
        if (a == null) return out;
        for (int i = 0; i < a.size(); i++) {
            String p = Problems.index(o.path("publish"), i);
            String s = Json.string(a.get(i), p, "\"HOSTPORT:PORT[/tcp or /udp]\"", problems);
            if (s == null) continue;
            Matcher m = PUBLISH.matcher(s);
            if (!m.matches()) {
                problems.add(p, "\"" + s + "\" must be HOSTPORT:PORT with an optional /tcp or /udp, like \"8080:80/tcp\"");
                continue;
            }
            int host = Integer.parseInt(m.group(1)), port = Integer.parseInt(m.group(2));
            if (host < 1 || host > 65535 || port < 1 || port > 65535) {
                problems.add(p, "\"" + s + "\": ports are 1 to 65535");
                continue;
            }
            out.add(new Publish(host, port, m.group(3) == null ? "tcp" : m.group(3)));
        }
        return out;
    }

    private List<Service> services(Obj o) {
        List<Service> out = new ArrayList<>();
        List<JsonNode> a = o.array("services", "of { type, port }");
        if (a == null) return out;
        for (int i = 0; i < a.size(); i++) {
            Obj s = Obj.of(a.get(i), Problems.index(o.path("services"), i), problems, "a service", List.of("type", "port"));
            if (s == null) continue;
            String type = s.requiredString("type", "one of " + String.join(", ", Service.TYPES));
            if (type != null && !Service.TYPES.contains(type)) {
                problems.add(s.path("type"), "\"" + type + "\" is not a built-in service (" + String.join(", ", Service.TYPES) + ")");
                type = null;
            }
            Integer port = s.integer("port", 1, 65535, "a port");
            if (!s.has("port")) s.missing("port", "a service listens on a port, 1 to 65535");
            if (type != null && port != null) out.add(new Service(type, port));
        }
        return out;
    }
}
