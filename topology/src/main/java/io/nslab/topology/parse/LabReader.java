package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Bridge;
import io.nslab.topology.model.Check;
import io.nslab.topology.model.Endpoint;
import io.nslab.topology.model.Expect;
import io.nslab.topology.model.HostInterface;
import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Impair;
import io.nslab.topology.model.Link;
import io.nslab.topology.model.Limits;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.Publish;
import io.nslab.topology.model.Route;
import io.nslab.topology.model.Service;
import io.nslab.topology.model.UserMaps;
import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Ipv4;
import io.nslab.addr.Mac;

/**
 * Reads a lab's JSON tree into the model, checking every key, type and syntax on the way.
 * What is wrong is reported and left out (a bad subnet becomes null, a bad node is still
 * read as far as it goes), so {@link LabRules} can check the rest without piling errors on
 * errors. Cross-references (a bridge that exists, an address in its subnet) are LabRules'.
 */
public final class LabReader {
    static final Pattern USER_MAP = Pattern.compile("([0-9]{1,10}):([0-9]{1,10}):([0-9]{1,10})");
    static final Pattern PUBLISH = Pattern.compile("([0-9]{1,5}):([0-9]{1,5})(?:/(tcp|udp))?");
    static final Pattern SYSCTL = Pattern.compile("net\\.[A-Za-z0-9_.-]+");
    static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final int MTU_MIN = 68, MTU_MAX = 65535, DEFAULT_MTU = 1500;
    /** MAX_ARG_STRLEN: execve refuses a longer argument or environment string (E2BIG). */
    static final int MAX_ARG = 128 * 1024;

    private final Problems problems;
    private final RootReader roots;

    /** {@code base}: the lab file's directory, which relative paths in it start from. */
    public LabReader(Problems problems, java.nio.file.Path base) {
        this.problems = problems;
        this.roots = new RootReader(problems, base);
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
                Node node = node(k, v, Problems.key(top.path("nodes"), k));
                if (node != null) nodes.put(k, node);
            });
        }

        List<Link> links = new ArrayList<>();
        List<JsonNode> l = top.array("links", "of links");
        if (l != null) for (int i = 0; i < l.size(); i++) links.add(link(l.get(i), Problems.index(top.path("links"), i)));

        List<Check> checks = new ArrayList<>();
        List<JsonNode> c = top.array("checks", "of checks");
        if (c != null) for (int i = 0; i < c.size(); i++) checks.add(check(c.get(i), Problems.index(top.path("checks"), i)));

        return new Lab(name, bridges, hostIfs, nodes, links, checks);
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
        Cidr subnet = s == null ? null : subnet(s, o.path("subnet"), 4);
        Cidr subnet6 = s6 == null ? null : subnet(s6, o.path("subnet6"), 6);
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

    /** A subnet in CIDR form whose host bits are zero; null (and an error) otherwise. */
    private Cidr subnet(String text, String path, int family) {
        Cidr c = cidr(text, path, family);
        if (c != null && !c.isNetworkAddress()) {
            problems.add(path, "\"" + text + "\" has host bits set; the subnet is " + c.subnet());
            return null;
        }
        return c;
    }

    /** A CIDR of the family the key takes (4: {@code ip}, {@code subnet}; 6: their IPv6 twins). */
    private Cidr cidr(String text, String path, int family) {
        try {
            Cidr c = Cidr.parse(text);
            if (c.family() == family) return c;
            problems.add(path, "\"" + text + "\" is an IPv" + c.family() + " CIDR; this key takes IPv" + family
                    + (family == 4 ? " (like 10.0.0.1/24)" : " (like fd00:20::10/64)"));
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
        }
        return null;
    }

    /** An interface address: a CIDR whose address is a host of its subnet (not its network or broadcast address). */
    private Cidr interfaceAddress(String text, String path, int family) {
        Cidr c = cidr(text, path, family);
        if (c == null) return null;
        boolean single = c.prefix() == c.address().width();
        if (single || !c.isHost(c.address())) {
            problems.add(path, "\"" + text + "\" is not a host address of " + c.subnet()
                    + (single ? " (a /" + c.prefix() + " has no room for a peer)" : " (it is the network or broadcast address)"));
            return null;
        }
        return c;
    }

    private HostInterface hostInterface(String name, JsonNode v, String path) {
        report(path, Names.ifnameProblem(name));
        Obj o = Obj.of(v, path, problems, "a host interface", List.of("ip", "ip6", "mtu"));
        if (o == null) return null;
        String ip6 = o.string("ip6");
        String ip = ip6 != null ? o.string("ip")
                : o.requiredString("ip", "a host interface is a link end and needs an address, like \"198.51.100.1/24\" (or an ip6)");
        Integer mtu = o.integer("mtu", MTU_MIN, MTU_MAX, "the MTU");
        return new HostInterface(name, ip == null ? null : interfaceAddress(ip, o.path("ip"), 4), mtu,
                ip6 == null ? null : interfaceAddress(ip6, o.path("ip6"), 6));
    }

    private Node node(String name, JsonNode v, String path) {
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
        List<String> run = run(o);
        Map<String, String> env = stringMap(o, "env", "variable -> value", ENV,
                "is not an environment variable name: a letter or _, then letters, digits, _");
        Limits limits = o.has("limits") ? LimitsReader.read(o.raw("limits"), o.path("limits"), problems) : Limits.NONE;
        RootReader.Result fs = roots.read(o, namespaces.contains("mnt"));
        return new Node(name, hostname == null ? name : hostname, ifs, netns, namespaces, user, routes, sysctls,
                publish, services, run, env, limits, fs.root(), fs.mounts(), fs.files(),
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
        Integer mtu = o.integer("mtu", MTU_MIN, MTU_MAX, "the MTU");
        Impair impair = o.has("impair") ? ImpairReader.read(o.raw("impair"), o.path("impair"), problems) : Impair.NONE;
        return new Interface(name, bridge, ip == null ? null : interfaceAddress(ip, o.path("ip"), 4), mac,
                mtu, impair, ip6 == null ? null : interfaceAddress(ip6, o.path("ip6"), 6));
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
            Cidr toCidr = to == null || to.equals(Route.DEFAULT) ? null : subnet(to, r.path("to"), to.indexOf(':') >= 0 ? 6 : 4);
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
            if (s.length() > MAX_ARG) {
                problems.add(p, "the value is longer than " + MAX_ARG + " characters, the kernel's limit");
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

    private List<String> run(Obj o) {
        return command(o, "run", "leave run out to run nothing");
    }

    /**
     * A command under {@code key}: an argv array, or a string for {@code /bin/sh -c}; empty
     * (and an error) when it is neither or holds nothing.
     */
    private List<String> command(Obj o, String key, String hint) {
        JsonNode v = o.raw(key);
        if (v == null) return List.of();
        if (v.isTextual()) {
            if (v.textValue().isBlank()) {
                problems.add(o.path(key), "an empty command; " + hint);
                return List.of();
            }
            String problem = argProblem(v.textValue());
            if (problem != null) {
                problems.add(o.path(key), problem);
                return List.of();
            }
            return List.of("/bin/sh", "-c", v.textValue());
        }
        if (!v.isArray()) {
            problems.add(o.path(key), "must be an argv array or a string for /bin/sh -c, not " + Json.describe(v));
            return List.of();
        }
        if (v.isEmpty()) {
            problems.add(o.path(key), "an empty argv; " + hint);
            return List.of();
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String s = Json.string(v.get(i), Problems.index(o.path(key), i), "an argument", problems);
            if (s != null && argProblem(s) != null) {
                problems.add(Problems.index(o.path(key), i), argProblem(s));
            } else if (s != null) {
                argv.add(s);
            }
        }
        return argv.size() == v.size() ? argv : List.of();
    }

    /** Why execve could not pass {@code s} as an argument, or null. */
    private static String argProblem(String s) {
        if (s.indexOf('\0') >= 0) return "holds a NUL character, which no command line can carry";
        if (s.length() > MAX_ARG) return "longer than " + MAX_ARG + " characters, the kernel's limit for one argument";
        return null;
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

    private Check check(JsonNode v, String path) {
        Obj o = Obj.of(v, path, problems, "a check",
                List.of("from", "ping", "tcp", "udp", "http", "exec", "expect", "timeout_ms", "hint", "family"));
        if (o == null) return null;
        String from = o.requiredString("from", "a node, or \"host\"");
        List<String> probes = new ArrayList<>();
        for (String p : Check.PROBES) if (o.has(p)) probes.add(p);
        String probe = null, target = null;
        List<String> argv = List.of();
        if (probes.size() != 1) {
            problems.add(path, probes.isEmpty() ? "a check needs one probe: ping, tcp, udp, http or exec"
                    : "a check has exactly one probe, not " + String.join(" and ", probes));
        } else if (probes.get(0).equals(Check.EXEC)) {
            probe = Check.EXEC;
            argv = command(o, Check.EXEC, "an exec check runs a command in its node, like \"hostname\"");
            if (!argv.isEmpty()) target = o.raw(Check.EXEC).isTextual() ? o.raw(Check.EXEC).textValue() : String.join(" ", argv);
        } else {
            probe = probes.get(0);
            target = o.string(probe);
            if (target != null) {
                try {
                    ProbeTarget.parse(probe, target);
                } catch (IllegalArgumentException e) {
                    problems.add(o.path(probe), e.getMessage());
                    target = null;
                }
            }
        }
        Expect expect = expect(o, probe);
        Integer timeout = o.integer("timeout_ms", 1, 3_600_000, "the timeout in milliseconds");
        String hint = o.string("hint");
        Integer family = o.integer("family", 4, 6, "the address family (4 or 6)");
        if (family != null && family == 5) {
            problems.add(o.path("family"), "the address family is 4 or 6");
            family = null;
        }
        if (from == null || probe == null || target == null || expect == null) return null;
        return new Check(from, probe, target, argv, expect, timeout == null ? Check.DEFAULT_TIMEOUT_MS : timeout, hint,
                family == null ? 4 : family);
    }

    private Expect expect(Obj o, String probe) {
        JsonNode v = o.raw("expect");
        if (v == null) return Expect.OK;
        boolean takesObject = probe == null || probe.equals("http") || probe.equals(Check.EXEC);
        if (v.isTextual()) {
            if (v.textValue().equals("ok")) return Expect.OK;
            if (v.textValue().equals("fail")) return Expect.FAIL;
            problems.add(o.path("expect"), "\"" + v.textValue() + "\" must be \"ok\" or \"fail\"" + (takesObject ? ", or an object" + objectKeys(probe) : ""));
            return null;
        }
        if (v.isObject()) {
            if (!takesObject) {
                problems.add(o.path("expect"), "only http and exec checks take an object; a " + probe + " check expects \"ok\" or \"fail\"");
                return null;
            }
            // Without a probe there is nothing to judge the object by; the probe's own error is enough.
            if (probe == null) return null;
            return probe.equals("http") ? httpExpect(o, v) : execExpect(o, v);
        }
        problems.add(o.path("expect"), "must be \"ok\", \"fail\"" + (takesObject ? " or an object" : "") + ", not " + Json.describe(v));
        return null;
    }

    private static String objectKeys(String probe) {
        if (probe == null) return "";
        return probe.equals("http") ? " of status and/or body_contains" : " of exit, stdout_contains and/or stdout_lacks";
    }

    private Expect httpExpect(Obj o, JsonNode v) {
        Obj e = Obj.of(v, o.path("expect"), problems, "an http expectation", List.of("status", "body_contains"));
        Integer status = e.integer("status", 100, 599, "an HTTP status");
        String body = e.string("body_contains");
        if (!e.has("status") && !e.has("body_contains")) {
            problems.add(o.path("expect"), "expects nothing; give status and/or body_contains, or leave expect out");
            return null;
        }
        return new Expect(false, status, body);
    }

    private Expect execExpect(Obj o, JsonNode v) {
        Obj e = Obj.of(v, o.path("expect"), problems, "an exec expectation", List.of("exit", "stdout_contains", "stdout_lacks"));
        Integer exit = e.integer("exit", 0, 255, "an exit status");
        String contains = e.string("stdout_contains");
        String lacks = e.string("stdout_lacks");
        if (!e.has("exit") && !e.has("stdout_contains") && !e.has("stdout_lacks")) {
            problems.add(o.path("expect"), "expects nothing; give exit, stdout_contains and/or stdout_lacks, or leave expect out");
            return null;
        }
        for (String key : List.of("stdout_contains", "stdout_lacks")) {
            if (e.has(key) && e.raw(key).isTextual() && e.raw(key).textValue().isEmpty()) {
                problems.add(e.path(key), "is empty, which proves nothing; give the text to look for");
                return null;
            }
        }
        return Expect.exec(exit, contains, lacks);
    }
}
