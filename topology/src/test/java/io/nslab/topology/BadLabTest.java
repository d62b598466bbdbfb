package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.nslab.topology.parse.LabError;

/**
 * One bad file per rule of lab-format.md: each must be refused with an error at exactly
 * the path given, saying what is wrong. Files are written with ' for " to stay readable.
 */
class BadLabTest {
    static final String BR = "'bridges':{'br0':{'subnet':'10.0.0.0/24'}}";
    static final String ON_BR = "'interfaces':{'eth0':{'bridge':'br0'}}";
    /** host:wan0 <-> b:eth0 on 192.0.2.0/24. */
    static final String LINKED = "'host':{'interfaces':{'wan0':{'ip':'192.0.2.1/24'}}},"
            + "'links':[{'endpoints':['host:wan0','b:eth0']}]";
    /** As LINKED, over IPv6: the host's wan0 fd00:1::1/64 linked to b's eth0. */
    static final String LINKED6 = "'host':{'interfaces':{'wan0':{'ip6':'fd00:1::1/64'}}},'links':[{'endpoints':['host:wan0','b:eth0']}]";
    static final String B = "'b':{'interfaces':{'eth0':{'ip':'192.0.2.2/24'}}}";

    static String j(String s) { return s.replace('\'', '"'); }

    /** A lab named t with the given top-level members. */
    static String lab(String members) { return j("{'name':'t'," + members + "}"); }

    static Arguments bad(String rule, String json, String path, String fragment) {
        return Arguments.of(rule, json, path, fragment);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // --- JSON itself
            bad("broken JSON", j("{'name':'t','nodes':{'a':{}}"), "line 1, column 29", "broken JSON: Unexpected end-of-input: expected close marker for Object"),
            bad("trailing comma", j("{'name':'t','nodes':{'a':{},}}"), "line 1, column 29", "broken JSON"),
            bad("duplicate key", j("{'name':'t',\n'nodes':{'a':{},'a':{}}}"), "nodes.a", "duplicate key \"a\" (line 2, column 17)"),
            bad("comment", "{\"name\":\"t\", /* no */ \"nodes\":{\"a\":{}}}", "line 1, column 14", "comments are not allowed"),
            bad("content after the object", j("{'name':'t','nodes':{'a':{}}} {}"), "line 1, column 31", "broken JSON"),
            bad("not an object", "[]", "(top)", "must be an object"),
            bad("empty file", "", "line 1, column 1", "empty"),
            // --- top level
            bad("unknown top-level key", lab("'nodes':{'a':{}},'node':{}"), "node", "unknown key in a lab"),
            bad("name missing", j("{'nodes':{'a':{}}}"), "name", "missing"),
            bad("name uppercase", j("{'name':'Lab','nodes':{'a':{}}}"), "name", "not a lab name"),
            bad("name too long", j("{'name':'abcdefghijklm','nodes':{'a':{}}}"), "name", "not a lab name"),
            bad("name not a string", j("{'name':7,'nodes':{'a':{}}}"), "name", "must be a string, not the number 7"),
            bad("nodes missing", lab("'bridges':{}"), "nodes", "at least one node"),
            bad("nodes empty", lab("'nodes':{}"), "nodes", "at least one node"),
            bad("nodes an array", lab("'nodes':[]"), "nodes", "must be an object"),
            // --- node names and keys
            bad("node name uppercase", lab("'nodes':{'Web':{}}"), "nodes.Web", "not a node name"),
            bad("node name reserved", lab("'nodes':{'host':{}}"), "nodes.host", "reserved"),
            bad("node name too long", lab("'nodes':{'abcdefghijklmnop':{}}"), "nodes.abcdefghijklmnop", "not a node name"),
            bad("node not an object", lab("'nodes':{'a':'web'}"), "nodes.a", "must be an object (a node), not a string"),
            bad("unknown node key", lab("'nodes':{'a':{'interface':{}}}"), "nodes.a.interface", "unknown key in a node"),
            // --- limits
            bad("limits not an object", lab("'nodes':{'a':{'limits':64}}"), "nodes.a.limits", "must be an object (resource limits)"),
            bad("unknown limit", lab("'nodes':{'a':{'limits':{'memory_swap':'1G'}}}"), "nodes.a.limits.memory_swap", "unknown key in resource limits"),
            bad("memory no unit", lab("'nodes':{'a':{'limits':{'memory':'64MB'}}}"), "nodes.a.limits.memory", "not an amount of memory"),
            bad("memory too small", lab("'nodes':{'a':{'limits':{'memory':'1M'}}}"), "nodes.a.limits.memory", "out of range"),
            bad("memory a boolean", lab("'nodes':{'a':{'limits':{'memory':true}}}"), "nodes.a.limits.memory", "must be an amount of memory"),
            bad("memory huge", lab("'nodes':{'a':{'limits':{'memory':'9999999999999G'}}}"), "nodes.a.limits.memory", "out of range"),
            bad("cpus zero", lab("'nodes':{'a':{'limits':{'cpus':0}}}"), "nodes.a.limits.cpus", "out of range"),
            bad("cpus a string", lab("'nodes':{'a':{'limits':{'cpus':'0.5'}}}"), "nodes.a.limits.cpus", "must be a number of CPUs"),
            bad("pids too few", lab("'nodes':{'a':{'limits':{'pids':1}}}"), "nodes.a.limits.pids", "out of range"),
            bad("pids a fraction", lab("'nodes':{'a':{'limits':{'pids':5.5}}}"), "nodes.a.limits.pids", "must be an integer"),
            bad("hostname not a DNS label", lab("'nodes':{'a':{'hostname':'web_1'}}"), "nodes.a.hostname", "not a DNS label"),
            // --- bridges
            bad("bridge name too long", lab("'bridges':{'abcdefghijklmnop':{'subnet':'10.0.0.0/24'}},'nodes':{'a':{}}"),
                    "bridges.abcdefghijklmnop", "not an interface name"),
            bad("bridge name with slash", lab("'bridges':{'br/0':{'subnet':'10.0.0.0/24'}},'nodes':{'a':{}}"),
                    "bridges[\"br/0\"]", "not an interface name"),
            bad("bridge subnet missing", lab("'bridges':{'br0':{}},'nodes':{'a':{}}"), "bridges.br0.subnet", "missing"),
            bad("bridge subnet without prefix", lab("'bridges':{'br0':{'subnet':'10.0.0.0'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet", "not a CIDR"),
            bad("bridge subnet with host bits", lab("'bridges':{'br0':{'subnet':'10.0.0.1/24'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet", "the subnet is 10.0.0.0/24"),
            bad("bridge subnet octet over 255", lab("'bridges':{'br0':{'subnet':'10.0.300.0/24'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet", "300 > 255"),
            bad("bridge prefix over 32", lab("'bridges':{'br0':{'subnet':'10.0.0.0/33'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet", "0 to 32"),
            bad("gateway outside the subnet", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','gateway':'10.0.1.1'}},'nodes':{'a':{}}"),
                    "bridges.br0.gateway", "not a host address of the bridge's subnet 10.0.0.0/24"),
            bad("gateway the broadcast address", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','gateway':'10.0.0.255'}},'nodes':{'a':{}}"),
                    "bridges.br0.gateway", "not a host address"),
            bad("gateway neither address nor none", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','gateway':'auto'}},'nodes':{'a':{}}"),
                    "bridges.br0.gateway", "or \"none\""),
            bad("bridge mtu too small", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','mtu':67}},'nodes':{'a':{}}"),
                    "bridges.br0.mtu", "68 to 65535"),
            bad("bridge mtu a string", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','mtu':'1500'}},'nodes':{'a':{}}"),
                    "bridges.br0.mtu", "must be an integer"),
            bad("bridge mtu a fraction", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','mtu':1500.5}},'nodes':{'a':{}}"),
                    "bridges.br0.mtu", "must be an integer"),
            bad("masquerade not a boolean", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','masquerade':'yes'}},'nodes':{'a':{}}"),
                    "bridges.br0.masquerade", "true or false"),
            bad("unknown bridge key", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','stp':true}},'nodes':{'a':{}}"),
                    "bridges.br0.stp", "unknown key in a bridge"),
            bad("bridge subnets overlap", lab("'bridges':{'br0':{'subnet':'10.0.0.0/16'},'br1':{'subnet':'10.0.5.0/24'}},'nodes':{'a':{}}"),
                    "bridges.br1.subnet", "overlaps bridge \"br0\"'s subnet 10.0.0.0/16"),
            bad("bridge named like a host interface", lab("'bridges':{'wan0':{'subnet':'10.0.0.0/24'}}," + LINKED + ",'nodes':{" + B + "}"),
                    "bridges.wan0", "also a host interface"),
            bad("subnet full", lab("'bridges':{'br0':{'subnet':'10.0.0.0/30'}},'nodes':{'a':{" + ON_BR + "},'c':{" + ON_BR + "}}"),
                    "nodes.c.interfaces.eth0", "no free address left"),
            // --- host side
            bad("unknown host key", lab("'host':{'bridges':{}},'nodes':{'a':{}}"), "host.bridges", "unknown key"),
            bad("host interface without ip", lab("'host':{'interfaces':{'wan0':{}}},'nodes':{" + B + "},'links':[{'endpoints':['host:wan0','b:eth0']}]"),
                    "host.interfaces.wan0.ip", "missing"),
            bad("host interface on no link", lab("'host':{'interfaces':{'wan0':{'ip':'192.0.2.1/24'}}},'nodes':{'a':{}}"),
                    "host.interfaces.wan0", "end of no link"),
            bad("host interface inside a bridge subnet", lab("'bridges':{'br0':{'subnet':'192.0.2.0/25'}}," + LINKED + ",'nodes':{" + B + "}"),
                    "host.interfaces.wan0.ip", "lies in bridge \"br0\"'s subnet"),
            bad("host interface ip6 inside a bridge subnet6", lab("'bridges':{'br0':{'subnet6':'fd00::/64'}},'host':{'interfaces':{'wan0':{'ip6':'fd00::9/64'}}},"
                    + "'links':[{'endpoints':['host:wan0','b:eth0']}],'nodes':{'b':{'interfaces':{'eth0':{'ip6':'fd00::a/64'}}}}"),
                    "host.interfaces.wan0.ip6", "lies in bridge \"br0\"'s subnet6 fd00::/64"),
            bad("host interface ip6 given an IPv4 CIDR", lab("'host':{'interfaces':{'wan0':{'ip6':'192.0.2.1/24'}}},'nodes':{" + B + "},'links':[{'endpoints':['host:wan0','b:eth0']}]"),
                    "host.interfaces.wan0.ip6", "this key takes IPv6"),
            bad("host interface ip6 against an IPv4-only end", lab("'host':{'interfaces':{'wan0':{'ip6':'2001:db8::1/64'}}},'nodes':{" + B + "},'links':[{'endpoints':['host:wan0','b:eth0']}]"),
                    "links[0].endpoints[0]", "has no ip but the other end has one"),
            // --- node interfaces
            bad("no such bridge", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br1'}}}}"),
                    "nodes.a.interfaces.eth0.bridge", "no bridge named \"br1\""),
            bad("ip outside the bridge subnet", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.1.5/24'}}}}"),
                    "nodes.a.interfaces.eth0.ip", "not in bridge \"br0\"'s subnet 10.0.0.0/24"),
            bad("ip with another prefix", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.5/16'}}}}"),
                    "nodes.a.interfaces.eth0.ip", "same network and prefix length"),
            bad("ip is the gateway", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.1/24'}}}}"),
                    "nodes.a.interfaces.eth0.ip", "gateway address"),
            bad("ip used twice", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.5/24'}}},"
                    + "'c':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.5/24'}}}}"),
                    "nodes.c.interfaces.eth0.ip", "already nodes.a.interfaces.eth0's address"),
            bad("ip is the network address", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.0/24'}}}}"),
                    "nodes.a.interfaces.eth0.ip", "network or broadcast"),
            bad("ip without prefix", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.5'}}}}"),
                    "nodes.a.interfaces.eth0.ip", "not a CIDR"),
            bad("ip with leading zero", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip':'10.0.0.05/24'}}}}"),
                    "nodes.a.interfaces.eth0.ip", "not an IPv4 address"),
            bad("mac syntax", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','mac':'02:42:ac:14:00'}}}}"),
                    "nodes.a.interfaces.eth0.mac", "not a MAC address"),
            bad("mac multicast", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','mac':'01:00:5e:00:00:01'}}}}"),
                    "nodes.a.interfaces.eth0.mac", "multicast"),
            bad("interface mtu too big", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','mtu':70000}}}}"),
                    "nodes.a.interfaces.eth0.mtu", "68 to 65535"),
            bad("interface name too long", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0123456789abc':{'bridge':'br0'}}}}"),
                    "nodes.a.interfaces.eth0123456789abc", "1 to 15 characters"),
            bad("interface named lo", lab(BR + ",'nodes':{'a':{'interfaces':{'lo':{'bridge':'br0'}}}}"),
                    "nodes.a.interfaces.lo", "loopback"),
            bad("unknown interface key", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','vlan':5}}}}"),
                    "nodes.a.interfaces.eth0.vlan", "unknown key in an interface"),
            // --- links
            bad("interface with neither bridge nor link", lab("'nodes':{'a':{'interfaces':{'eth0':{'ip':'192.0.2.2/24'}}}}"),
                    "nodes.a.interfaces.eth0", "end of no link"),
            bad("interface on two links", lab(LINKED.replace("}]", "},{'endpoints':['b:eth0','c:eth0']}]").replace('\'', '"')
                    + ",'nodes':{" + B + ",'c':{'interfaces':{'eth0':{'ip':'192.0.2.3/24'}}}}"),
                    "links[1].endpoints[0]", "already an end of links[0]"),
            bad("link end on a bridge", lab(BR + ",'nodes':{'a':{" + ON_BR + "}," + B + "},'links':[{'endpoints':['a:eth0','b:eth0']}]"),
                    "links[0].endpoints[0]", "is on bridge \"br0\""),
            bad("endpoint without interface", lab(LINKED.replace("b:eth0", "b") + ",'nodes':{" + B + "}"),
                    "links[0].endpoints[1]", "must be NODE:IF or host:IF"),
            bad("endpoint of no node", lab(LINKED.replace("b:eth0", "x:eth0") + ",'nodes':{" + B + "}"),
                    "links[0].endpoints[1]", "no node named \"x\""),
            bad("endpoint of no interface", lab(LINKED.replace("b:eth0", "b:eth1") + ",'nodes':{" + B + "}"),
                    "links[0].endpoints[1]", "node \"b\" has no interface \"eth1\""),
            bad("host endpoint not declared", lab("'links':[{'endpoints':['host:wan0','b:eth0']}],'nodes':{" + B + "}"),
                    "links[0].endpoints[0]", "declare it in host.interfaces"),
            bad("link with three endpoints", lab(LINKED.replace("'b:eth0'", "'b:eth0','host:wan0'") + ",'nodes':{" + B + "}"),
                    "links[0].endpoints", "exactly two endpoints, not 3"),
            bad("link without endpoints", lab("'links':[{'mtu':1500}],'nodes':{'a':{}}"), "links[0].endpoints", "missing"),
            bad("link to itself", lab("'links':[{'endpoints':['b:eth0','b:eth0']}],'nodes':{" + B + "}"),
                    "links[0].endpoints[1]", "two different interfaces"),
            bad("link end without ip", lab(LINKED + ",'nodes':{'b':{'interfaces':{'eth0':{}}}}"),
                    "nodes.b.interfaces.eth0.ip", "needs an address"),
            bad("link ends in different subnets", lab(LINKED + ",'nodes':{'b':{'interfaces':{'eth0':{'ip':'192.0.3.2/24'}}}}"),
                    "links[0].endpoints[1]", "not in the subnet 192.0.2.0/24"),
            bad("link ends with one address", lab(LINKED + ",'nodes':{'b':{'interfaces':{'eth0':{'ip':'192.0.2.1/24'}}}}"),
                    "links[0].endpoints[1]", "both ends have the address 192.0.2.1"),
            bad("link subnet overlaps a bridge", lab("'bridges':{'br0':{'subnet':'192.0.0.0/16'}},'links':[{'endpoints':['a:eth0','b:eth0']}],"
                    + "'nodes':{'a':{'interfaces':{'eth0':{'ip':'192.0.2.1/24'}}}," + B + "}"),
                    "links[0]", "overlaps bridge \"br0\"'s subnet 192.0.0.0/16"),
            bad("link ends disagree on mtu", lab("'host':{'interfaces':{'wan0':{'ip':'192.0.2.1/24','mtu':9000}}},"
                    + "'links':[{'endpoints':['host:wan0','b:eth0']}],'nodes':{'b':{'interfaces':{'eth0':{'ip':'192.0.2.2/24','mtu':1500}}}}"),
                    "links[0].endpoints[1]", "share one MTU"),
            bad("link mtu out of range", lab(LINKED.replace("]}]", "],'mtu':0}]") + ",'nodes':{" + B + "}"),
                    "links[0].mtu", "68 to 65535"),
            bad("links not an array", lab("'links':{},'nodes':{'a':{}}"), "links", "must be an array"),
            // --- shared network namespaces
            bad("netns of no node", lab("'nodes':{'a':{},'b':{'netns':'x'}}"), "nodes.b.netns", "neither \"host\" nor a node"),
            bad("netns of itself", lab("'nodes':{'a':{'netns':'a'}}"), "nodes.a.netns", "its own"),
            bad("netns cycle", lab("'nodes':{'a':{'netns':'b'},'b':{'netns':'a'}}"), "nodes.a.netns", "cycle"),
            bad("netns with interfaces", lab(BR + ",'nodes':{'a':{}, 'b':{'netns':'a'," + ON_BR + "}}"),
                    "nodes.b.interfaces", "no interfaces of its own"),
            bad("netns with publish", lab(BR + ",'nodes':{'a':{" + ON_BR + "},'b':{'netns':'a','publish':['80:80']}}"),
                    "nodes.b.publish", "cannot publish"),
            bad("netns host with routes", lab("'nodes':{'a':{'netns':'host','routes':[{'to':'default','via':'10.0.0.1'}]}}"),
                    "nodes.a.routes", "no routes of its own"),
            // --- namespaces and users
            bad("namespace kind net", lab("'nodes':{'a':{'namespaces':['uts','net']}}"), "nodes.a.namespaces[1]", "set by netns"),
            bad("namespace listed twice", lab("'nodes':{'a':{'namespaces':['pid','pid']}}"), "nodes.a.namespaces[1]", "twice"),
            bad("namespaces not an array", lab("'nodes':{'a':{'namespaces':'pid'}}"), "nodes.a.namespaces", "must be an array"),
            bad("user map syntax", lab("'nodes':{'a':{'user':{'uid':'0-100000-65536','gid':'0:100000:65536'}}}"),
                    "nodes.a.user.uid", "IN:OUT:COUNT"),
            bad("user map count zero", lab("'nodes':{'a':{'user':{'uid':'0:100000:0','gid':'0:100000:65536'}}}"),
                    "nodes.a.user.uid", "COUNT at least 1"),
            bad("user gid missing", lab("'nodes':{'a':{'user':{'uid':'0:100000:65536'}}}"), "nodes.a.user.gid", "both maps"),
            // --- IPv6
            bad("subnet6 not IPv6", lab("'bridges':{'br0':{'subnet6':'10.0.0.0/24'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet6", "is an IPv4 CIDR; this key takes IPv6"),
            bad("subnet6 bad prefix", lab("'bridges':{'br0':{'subnet6':'fd00::/129'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet6", "prefix length must be 0 to 128"),
            bad("subnet6 bad address", lab("'bridges':{'br0':{'subnet6':'fd00::g/64'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet6", "not an IPv6 address"),
            bad("subnet6 with host bits", lab("'bridges':{'br0':{'subnet6':'fd00::1/64'}},'nodes':{'a':{}}"),
                    "bridges.br0.subnet6", "the subnet is fd00::/64"),
            bad("overlapping IPv6 subnets", lab("'bridges':{'b1':{'subnet6':'fd00::/48'},'b2':{'subnet6':'fd00:0:0:1::/64'}},'nodes':{'a':{}}"),
                    "bridges.b2.subnet6", "overlaps bridge \"b1\"'s subnet6 fd00::/48"),
            bad("gateway6 outside subnet6", lab("'bridges':{'br0':{'subnet6':'fd00::/64','gateway6':'fd01::1'}},'nodes':{'a':{}}"),
                    "bridges.br0.gateway6", "not a host address of the bridge's subnet fd00::/64"),
            bad("ip6 outside subnet6", lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','subnet6':'fd00::/64'}},'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip6':'fd00:1::5/64'}}}}"),
                    "nodes.a.interfaces.eth0.ip6", "not in bridge \"br0\"'s subnet fd00::/64"),
            bad("ip6 prefix over 128", lab("'bridges':{'br0':{'subnet6':'fd00::/64'}},'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip6':'fd00::5/129'}}}}"),
                    "nodes.a.interfaces.eth0.ip6", "prefix length must be 0 to 128"),
            bad("ip6 without prefix", lab("'bridges':{'br0':{'subnet6':'fd00::/64'}},'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip6':'fd00::5'}}}}"),
                    "nodes.a.interfaces.eth0.ip6", "not a CIDR (like 10.0.0.1/24 or fd00::1/64)"),
            bad("ip6 with another prefix", lab("'bridges':{'br0':{'subnet6':'fd00::/64'}},'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip6':'fd00::5/48'}}}}"),
                    "nodes.a.interfaces.eth0.ip6", "same network and prefix length"),
            bad("link ip6 ends in different subnets", lab(LINKED6 + ",'nodes':{'b':{'interfaces':{'eth0':{'ip6':'fd00:2::2/64'}}}}"),
                    "links[0].endpoints[1]", "not in the subnet fd00:1::/64"),
            bad("link ip6 subnet overlaps a bridge subnet6", lab("'bridges':{'br0':{'subnet6':'fd00:1::/48'}},'links':[{'endpoints':['a:eth0','b:eth0']}],"
                    + "'nodes':{'a':{'interfaces':{'eth0':{'ip6':'fd00:1::1/64'}}},'b':{'interfaces':{'eth0':{'ip6':'fd00:1::2/64'}}}}"),
                    "links[0]", "overlaps bridge \"br0\"'s subnet6 fd00:1::/48"),
            bad("IPv6 route to with host bits", lab("'bridges':{'br0':{'subnet6':'fd00::/64'}},'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0'}},"
                    + "'routes':[{'to':'fd00:9::1/64','via':'fd00::1'}]}}"),
                    "nodes.a.routes[0].to", "fd00:9::/64"),
            bad("an IPv6-only node named without family 6", lab("'bridges':{'br0':{'subnet6':'fd00::/64'}},'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0'}}},"
                    + "'b':{'interfaces':{'eth0':{'bridge':'br0'}}}},'checks':[{'from':'a','ping':'b'}]"),
                    "checks[0].ping", "\"b\" has no IPv4 address, only IPv6 (add \"family\": 6 to resolve it to its ip6)"),
            bad("ip6 on a bridge without subnet6", lab(BR + ",'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip6':'fd00::5/64'}}}}"),
                    "nodes.a.interfaces.eth0.ip6", "has no subnet6"),
            bad("ip6 given an IPv4 CIDR", lab("'bridges':{'br0':{'subnet6':'fd00::/64'}},'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0','ip6':'10.0.0.5/24'}}}}"),
                    "nodes.a.interfaces.eth0.ip6", "this key takes IPv6"),
            bad("IPv6 route via an IPv4 address", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'routes':[{'to':'fd00:9::/64','via':'10.0.0.1'}]}}"),
                    "nodes.a.routes[0].via", "needs an IPv6 via"),
            bad("IPv6 route via an unconnected address", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'routes':[{'to':'default','via':'fd00::1'}]}}"),
                    "nodes.a.routes[0].via", "not on a subnet the node is connected to"),
            bad("check family 6 to a node without IPv6", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','family':6}]"),
                    "checks[0].ping", "has no IPv6 address"),
            bad("check family 5", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','family':5}]"),
                    "checks[0].family", "4 or 6"),
            bad("check retry not a boolean", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','retry':'no'}]"),
                    "checks[0].retry", "must be true or false"),
            // --- routes and sysctls
            bad("route via an unconnected subnet", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'routes':[{'to':'10.9.0.0/16','via':'10.1.0.1'}]}}"),
                    "nodes.a.routes[0].via", "not on a subnet the node is connected to (10.0.0.0/24)"),
            bad("route to with host bits", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'routes':[{'to':'10.9.0.1/16','via':'10.0.0.1'}]}}"),
                    "nodes.a.routes[0].to", "host bits set"),
            bad("route via not an address", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'routes':[{'to':'default','via':'gw'}]}}"),
                    "nodes.a.routes[0].via", "not an IPv4 address"),
            bad("two default routes", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'routes':[{'to':'default','via':'10.0.0.1'},{'to':'default','via':'10.0.0.3'}]}}"),
                    "nodes.a.routes[1].to", "a second route to default"),
            bad("route via the node itself", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'routes':[{'to':'10.9.0.0/16','via':'10.0.0.2'}]}}"),
                    "nodes.a.routes[0].via", "own address"),
            bad("sysctl outside net", lab("'nodes':{'a':{'sysctls':{'kernel.pid_max':'100'}}}"),
                    "nodes.a.sysctls[\"kernel.pid_max\"]", "only net.*"),
            bad("sysctl value a number", lab("'nodes':{'a':{'sysctls':{'net.ipv4.ip_forward':1}}}"),
                    "nodes.a.sysctls[\"net.ipv4.ip_forward\"]", "must be a string"),
            // --- publish and services
            bad("publish syntax", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'publish':['8080']}}"), "nodes.a.publish[0]", "HOSTPORT:PORT"),
            bad("publish protocol", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'publish':['8080:80/sctp']}}"), "nodes.a.publish[0]", "HOSTPORT:PORT"),
            bad("publish port 0", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'publish':['0:80']}}"), "nodes.a.publish[0]", "1 to 65535"),
            bad("publish port over 65535", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'publish':['8080:65536']}}"), "nodes.a.publish[0]", "1 to 65535"),
            bad("host port published twice", lab(BR + ",'nodes':{'a':{" + ON_BR + ",'publish':['8080:80']},'c':{" + ON_BR + ",'publish':['8080:81/tcp']}}"),
                    "nodes.c.publish[0]", "already published by nodes.a.publish[0]"),
            bad("publish from a node without address", lab("'nodes':{'a':{'publish':['8080:80']}}"), "nodes.a.publish[0]", "no address"),
            bad("service type", lab("'nodes':{'a':{'services':[{'type':'https','port':443}]}}"), "nodes.a.services[0].type", "not a built-in service"),
            bad("service port 0", lab("'nodes':{'a':{'services':[{'type':'http','port':0}]}}"), "nodes.a.services[0].port", "1 to 65535"),
            bad("service port missing", lab("'nodes':{'a':{'services':[{'type':'http'}]}}"), "nodes.a.services[0].port", "missing"),
            bad("service port taken twice", lab("'nodes':{'a':{'services':[{'type':'http','port':80},{'type':'tcp-echo','port':80}]}}"),
                    "nodes.a.services[1]", "tcp port 80 is already taken"),
            bad("service port taken in a shared netns", lab("'nodes':{'a':{'services':[{'type':'udp-echo','port':7}]},'b':{'netns':'a','services':[{'type':'udp-echo','port':7}]}}"),
                    "nodes.b.services[0]", "shares this network namespace"),
            // --- run and env
            bad("run a number", lab("'nodes':{'a':{'run':5}}"), "nodes.a.run", "argv array or a string"),
            bad("run an empty argv", lab("'nodes':{'a':{'run':[]}}"), "nodes.a.run", "empty argv"),
            bad("run argument not a string", lab("'nodes':{'a':{'run':['sleep',10]}}"), "nodes.a.run[1]", "must be a string"),
            bad("run list: an empty command", lab("'nodes':{'a':{'run':['mkdir /x',[],['sleep','9']]}}"), "nodes.a.run[1]", "empty argv"),
            bad("run list: a blank string", lab("'nodes':{'a':{'run':[' ',['sleep','9']]}}"), "nodes.a.run[0]", "an empty command"),
            bad("run list: a number", lab("'nodes':{'a':{'run':[['true'],7]}}"), "nodes.a.run[1]", "must be an argv array or a string for /bin/sh -c, not the number 7"),
            bad("run list: an argument not a string", lab("'nodes':{'a':{'run':[['echo',1],['sleep','9']]}}"), "nodes.a.run[0][1]", "must be a string"),
            bad("run list: a list in a list", lab("'nodes':{'a':{'run':[[['true']],['sleep','9']]}}"), "nodes.a.run[0][0]", "must be a string"),
            bad("run list: too long", lab("'nodes':{'a':{'run':[" + "['true'],".repeat(16) + "['sleep','9']]}}"), "nodes.a.run", "at most 16"),
            bad("env name", lab("'nodes':{'a':{'env':{'1X':'y'}}}"), "nodes.a.env.1X", "not an environment variable name"),
            bad("env value not a string", lab("'nodes':{'a':{'env':{'X':true}}}"), "nodes.a.env.X", "must be a string"),
            // --- checks
            bad("check from no node", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'x','ping':'a'}]"), "checks[0].from", "neither \"host\" nor a node"),
            bad("check from missing", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'ping':'a'}]"), "checks[0].from", "missing"),
            bad("check without probe", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a'}]"), "checks[0]", "needs one probe"),
            bad("check with two probes", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','tcp':'a:80'}]"),
                    "checks[0]", "exactly one probe, not ping and tcp"),
            bad("ping of no node", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'web'}]"), "checks[0].ping", "is not a node, NODE.IF or IP"),
            bad("ping of no interface", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a.eth1'}]"), "checks[0].ping", "names no interface of node \"a\""),
            bad("ping of a node without address", lab(BR + ",'nodes':{'a':{" + ON_BR + "},'c':{}},'checks':[{'from':'a','ping':'c'}]"), "checks[0].ping", "has no address"),
            bad("tcp without port", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','tcp':'a'}]"), "checks[0].tcp", "NAME:PORT"),
            bad("udp port over 65535", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','udp':'a:70000'}]"), "checks[0].udp", "1 to 65535"),
            bad("http not http", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','http':'https://a/'}]"), "checks[0].http", "http:// URL"),
            bad("expect object on ping", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','expect':{'status':200}}]"),
                    "checks[0].expect", "only http and exec checks take an object; a ping check expects \"ok\" or \"fail\""),
            bad("expect word", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','expect':'success'}]"),
                    "checks[0].expect", "\"ok\" or \"fail\""),
            bad("expect unknown key", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','http':'http://a/','expect':{'bodyContains':'x'}}]"),
                    "checks[0].expect.bodyContains", "unknown key"),
            bad("expect status out of range", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','http':'http://a/','expect':{'status':700}}]"),
                    "checks[0].expect.status", "100 to 599"),
            bad("timeout zero", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','timeout_ms':0}]"),
                    "checks[0].timeout_ms", "out of range"),
            // --- exec checks
            bad("exec from host", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'host','exec':'hostname'}]"),
                    "checks[0].from", "an exec check runs inside a node, through its init; the host side has none"),
            bad("exec from no node", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'x','exec':'hostname'}]"),
                    "checks[0].from", "\"x\" is not a node (known: a)"),
            bad("exec an empty string", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':' '}]"),
                    "checks[0].exec", "an empty command; an exec check runs a command"),
            bad("exec an empty argv", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':[]}]"),
                    "checks[0].exec", "an empty argv"),
            bad("exec a number", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':7}]"),
                    "checks[0].exec", "must be an argv array or a string for /bin/sh -c, not the number 7"),
            bad("exec argv with a number", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':['sleep',1]}]"),
                    "checks[0].exec[1]", "must be a string"),
            bad("exec and ping in one check", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','ping':'a','exec':'true'}]"),
                    "checks[0]", "exactly one probe, not ping and exec"),
            bad("exec expects a status", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','expect':{'status':200}}]"),
                    "checks[0].expect.status", "unknown key in an exec expectation (known: exit, stdout_contains, stdout_lacks)"),
            bad("http expects an exit status", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','http':'http://a/','expect':{'exit':0}}]"),
                    "checks[0].expect.exit", "unknown key in an http expectation"),
            bad("exec exit over 255", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','expect':{'exit':256}}]"),
                    "checks[0].expect.exit", "an exit status must be 0 to 255"),
            bad("exec exit a string", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','expect':{'exit':'0'}}]"),
                    "checks[0].expect.exit", "must be an integer"),
            bad("exec expects nothing", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','expect':{}}]"),
                    "checks[0].expect", "expects nothing; give exit, stdout_contains and/or stdout_lacks"),
            bad("exec stdout_contains not a string", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','expect':{'stdout_contains':1}}]"),
                    "checks[0].expect.stdout_contains", "must be a string, not the number 1"),
            bad("exec stdout_lacks empty", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','expect':{'stdout_lacks':''}}]"),
                    "checks[0].expect.stdout_lacks", "is empty, which proves nothing"),
            bad("exec expect word", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','expect':'zero'}]"),
                    "checks[0].expect", "must be \"ok\" or \"fail\", or an object of exit, stdout_contains and/or stdout_lacks"),
            bad("exec timeout zero", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':[{'from':'a','exec':'true','timeout_ms':0}]"),
                    "checks[0].timeout_ms", "out of range"),
            bad("check not an object", lab(BR + ",'nodes':{'a':{" + ON_BR + "}},'checks':['ping a']"), "checks[0]", "must be an object (a check)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refuses(String rule, String json, String path, String fragment) {
        LabException e = assertThrows(LabException.class, () -> LabParser.parse(json, "t.json"));
        boolean found = e.errors().stream().anyMatch(x -> x.path().equals(path) && x.message().contains(fragment));
        assertTrue(found, () -> rule + ": expected \"" + path + ": ..." + fragment + "...\" in:\n" + e.getMessage());
        for (String line : e.getMessage().split("\n")) assertTrue(line.startsWith("t.json: "), line);
    }

    @Test
    void atLeastSixtyRules() {
        assertTrue(cases().count() >= 60);
    }

    @Test
    void reportsEveryErrorOfAFileAtOnce() {
        String json = lab("'bridges':{'br0':{'subnet':'10.0.0.0/24','mtu':10}},"
                + "'nodes':{'Web':{'interfaces':{'eth0':{'bridge':'br1'}}},'b':{'run':7}},'checks':[{'from':'nobody','ping':'b'}]");
        LabException e = assertThrows(LabException.class, () -> LabParser.parse(json, null));
        assertEquals(List.of(
                new LabError("bridges.br0.mtu", "10 is out of range: the MTU must be 68 to 65535"),
                new LabError("nodes.Web", "\"Web\" is not a node name: a lowercase letter, then up to 14 of a-z 0-9 -"),
                new LabError("nodes.b.run", "must be an argv array or a string for /bin/sh -c, not the number 7"),
                new LabError("nodes.Web.interfaces.eth0.bridge", "no bridge named \"br1\" (known: br0)"),
                new LabError("checks[0].from", "\"nobody\" is neither \"host\" nor a node (known: Web, b)"),
                new LabError("checks[0].ping", "\"b\" has no address (a node without interfaces)")), e.errors());
    }

    @Test
    void aMissingFileIsOneError() {
        LabException e = assertThrows(LabException.class, () -> LabParser.parse(java.nio.file.Path.of("/nonexistent/lab.json")));
        assertEquals("/nonexistent/lab.json: file: no such file", e.getMessage());
    }
}
