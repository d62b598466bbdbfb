package io.nslab.topology;

import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nslab.topology.model.Expect;
import io.nslab.topology.model.Lab;
import io.nslab.topology.plan.DnatRule;
import io.nslab.topology.plan.MasqueradeRule;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.PlanNode;
import io.nslab.topology.plan.ResolvedCheck;
import io.nslab.topology.plan.ServiceSpec;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;
import io.nslab.topology.plan.Steps.AddAddress;
import io.nslab.topology.plan.Steps.AddRoute;
import io.nslab.topology.plan.Steps.CreateBridge;
import io.nslab.topology.plan.Steps.CreateNetns;
import io.nslab.topology.plan.Steps.CreateVeth;
import io.nslab.topology.plan.Steps.DeleteLink;
import io.nslab.topology.plan.Steps.DeleteNatTable;
import io.nslab.topology.plan.Steps.DeleteNetns;
import io.nslab.topology.plan.Steps.InstallNat;
import io.nslab.topology.plan.Steps.LinkUp;
import io.nslab.topology.plan.Steps.RestoreSysctl;
import io.nslab.topology.plan.Steps.SetMaster;
import io.nslab.topology.plan.Steps.SetSysctl;
import io.nslab.topology.plan.Steps.StartNode;
import io.nslab.topology.plan.Steps.StartServices;
import io.nslab.topology.plan.Steps.StopNode;
import io.nslab.topology.plan.Steps.StopServices;
import io.nslab.topology.plan.Steps.WriteHostsFile;
import io.nslab.topology.plan.Steps.CreateCgroup;
import io.nslab.topology.plan.Steps.DeleteCgroup;

/** The example lab of lab-format.md (labs/bridge.json) parses, allocates and compiles as the format says. */
class ExampleLabTest {
    static final Path BRIDGE = Path.of(System.getProperty("nslab.root", "."), "labs", "bridge.json");
    static final List<String> ALL = List.of("uts", "ipc", "pid", "mnt", "cgroup");

    @Test
    void compilesTheExampleStepByStep() {
        Lab lab = LabParser.parse(BRIDGE);
        Plan plan = PlanCompiler.compile(lab, false);

        List<Step> expected = List.of(
                // a cgroup for the lab and one per node, limited or not, before any node starts
                new CreateCgroup("nslab/bridge", null, null, null), new CreateCgroup("nslab/bridge/web", null, null, null),
                new CreateCgroup("nslab/bridge/client", null, null, null), new CreateCgroup("nslab/bridge/isp", null, null, null),
                // every namespace first (up creates them in one go), then lo and sysctls in each
                new Steps.MountLayers(), // the nodes' roots: copy-on-write, their writes on the lab's layers tmpfs
                new CreateNetns("bridge"), new CreateNetns("bridge-web"), new CreateNetns("bridge-client"), new CreateNetns("bridge-isp"),
                new LinkUp("bridge", "lo"), new SetSysctl("bridge", "net.ipv4.ip_forward", "1"),
                new SetSysctl("bridge", "net.ipv6.conf.default.disable_ipv6", "1"),
                // in each node: lo up, and IPv6 off on the interfaces to come (no N^2 multicast on the bridge)
                new LinkUp("bridge-web", "lo"), new SetSysctl("bridge-web", "net.ipv6.conf.default.disable_ipv6", "1"),
                new LinkUp("bridge-client", "lo"), new SetSysctl("bridge-client", "net.ipv6.conf.default.disable_ipv6", "1"),
                new LinkUp("bridge-isp", "lo"), new SetSysctl("bridge-isp", "net.ipv6.conf.default.disable_ipv6", "1"),
                // the bridge and its gateway: the subnet's first host address
                new CreateBridge("bridge", "nslab0", 1500),
                new AddAddress("bridge", "nslab0", Cidr.parse("172.20.0.1/24")),
                new LinkUp("bridge", "nslab0"),
                // the link host:wan0 <-> isp:eth0
                new CreateVeth("bridge", "wan0", null, "bridge-isp", "eth0", null, 1500),
                new AddAddress("bridge", "wan0", Cidr.parse("198.51.100.1/24")), new LinkUp("bridge", "wan0"),
                new AddAddress("bridge-isp", "eth0", Cidr.parse("198.51.100.2/24")), new LinkUp("bridge-isp", "eth0"),
                // bridge ports, in file order; client gets the first free address after the gateway
                new CreateVeth("bridge", "web-eth0", null, "bridge-web", "eth0", null, 1500),
                new SetMaster("bridge", "web-eth0", "nslab0"), new LinkUp("bridge", "web-eth0"),
                new AddAddress("bridge-web", "eth0", Cidr.parse("172.20.0.10/24")), new LinkUp("bridge-web", "eth0"),
                new CreateVeth("bridge", "client-eth0", null, "bridge-client", "eth0", null, 1500),
                new SetMaster("bridge", "client-eth0", "nslab0"), new LinkUp("bridge", "client-eth0"),
                new AddAddress("bridge-client", "eth0", Cidr.parse("172.20.0.2/24")), new LinkUp("bridge-client", "eth0"),
                // default routes via the bridge gateway; isp has no bridge, so none
                new AddRoute("bridge-web", Cidr.parse("0.0.0.0/0"), IpAddress.parse("172.20.0.1")),
                new AddRoute("bridge-client", Cidr.parse("0.0.0.0/0"), IpAddress.parse("172.20.0.1")),
                new InstallNat("bridge", "nslab-bridge", List.of(new MasqueradeRule(Cidr.parse("172.20.0.0/24"), "nslab0")),
                        List.of(new DnatRule("tcp", 8080, "web", IpAddress.parse("172.20.0.10"), 80))));
        assertEquals(expected, plan.steps().subList(0, expected.size()));

        List<Step> rest = plan.steps().subList(expected.size(), plan.steps().size());
        assertEquals(5, rest.size(), rest::toString);
        assertEquals(new WriteHostsFile(HOSTS, Map.of()), rest.get(0));
        assertEquals(new StartNode("web", "bridge-web", ALL, null, "web", List.of(), Map.of(), "nslab/bridge/web",
                "overlay", List.of(), List.of(), List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE",
                        "NET_ADMIN", "NET_RAW", "SYS_CHROOT", "SYS_ADMIN", "MKNOD", "AUDIT_WRITE", "SETFCAP")), rest.get(1));
        assertEquals(new StartServices(List.of(new ServiceSpec("web", "bridge-web", "http", 80),
                new ServiceSpec("isp", "bridge-isp", "http", 80))), rest.get(4));
    }

    private static final String HOSTS =
            "# /etc/hosts of lab bridge (this node's own copy), written by nslab\n"
                + "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "172.20.0.10\tweb\n172.20.0.10\tweb.eth0\n"
                + "172.20.0.2\tclient\n172.20.0.2\tclient.eth0\n"
                + "198.51.100.2\tisp\n198.51.100.2\tisp.eth0\n";

    @Test
    void resolvesChecksToAddressesAndNamespaces() {
        Plan plan = PlanCompiler.compile(LabParser.parse(BRIDGE), false);
        List<ResolvedCheck> c = plan.checks();
        assertEquals(5, c.size());
        assertEquals(new ResolvedCheck(0, "client", "bridge-client", "ping", "web", "172.20.0.10", 0, null, Expect.OK, 2000), c.get(0));
        assertEquals(new ResolvedCheck(1, "client", "bridge-client", "http", "http://web/", "172.20.0.10", 80, "/",
                new Expect(false, 200, "\"hostname\":\"web\""), 2000), c.get(1));
        assertEquals("198.51.100.1", c.get(3).address());
        assertEquals(8080, c.get(3).port());
        assertEquals("bridge-isp", c.get(3).netns());
        assertEquals(Expect.FAIL, c.get(4).expect());
        assertEquals(List.of(new PlanNode("web", "bridge-web", "web", Map.of("eth0", "172.20.0.10/24")),
                new PlanNode("client", "bridge-client", "client", Map.of("eth0", "172.20.0.2/24")),
                new PlanNode("isp", "bridge-isp", "isp", Map.of("eth0", "198.51.100.2/24"))), plan.nodes());
    }

    @Test
    void teardownUndoesInReverseAndEndsWithTheHostNamespace() {
        Plan plan = PlanCompiler.compile(LabParser.parse(BRIDGE), false);
        List<Step> down = plan.teardown();
        assertEquals(new StopServices(), down.get(0));
        assertEquals(List.of(new StopNode("isp"), new StopNode("client"), new StopNode("web")), down.subList(1, 4));
        assertEquals(new DeleteNatTable("bridge", "nslab-bridge"), down.get(4));
        assertEquals(new DeleteLink("bridge", "client-eth0"), down.get(5));
        // the host side's namespace, then the cgroups (the nodes', the lab's) once nothing runs
        assertEquals(new DeleteNetns("bridge"), down.get(down.size() - 6));
        assertEquals(new Steps.UnmountLayers(null), down.get(down.size() - 5)); // after the nodes, whose writes they hold
        assertEquals(new DeleteCgroup("nslab/bridge"), down.get(down.size() - 1));
        // in the lab's own namespace the sysctl dies with it: nothing to restore
        assertTrue(down.stream().noneMatch(s -> s instanceof RestoreSysctl));
        // a rollback after the first six steps removes just what was made so far, latest first
        assertEquals(List.of(new DeleteNetns("bridge"), new Steps.UnmountLayers(null), new DeleteCgroup("nslab/bridge/isp"),
                new DeleteCgroup("nslab/bridge/client"), new DeleteCgroup("nslab/bridge/web"), new DeleteCgroup("nslab/bridge")), plan.rollback(6));
    }

    @Test
    void onHostUsesTheCurrentNamespaceAndRestoresItsSysctl() {
        Plan plan = PlanCompiler.compile(LabParser.parse(BRIDGE), true);
        assertEquals(NetnsName.CURRENT, plan.hostNetns());
        // the nodes' namespaces first, then the machine's forwarding switched on
        assertEquals(List.of(new CreateNetns("bridge-web"), new CreateNetns("bridge-client"), new CreateNetns("bridge-isp"),
                new SetSysctl(NetnsName.CURRENT, "net.ipv4.ip_forward", "1")), plan.steps().subList(5, 9));
        assertTrue(plan.steps().stream().noneMatch(s -> s.equals(new CreateNetns("bridge"))));
        assertTrue(plan.teardown().contains(new RestoreSysctl(NetnsName.CURRENT, "net.ipv4.ip_forward")));
        // on the machine's namespace the host ends are hashed, so two labs never clash
        CreateVeth webPort = (CreateVeth) plan.steps().stream()
                .filter(s -> s instanceof CreateVeth v && v.peerNetns().equals("bridge-web")).findFirst().orElseThrow();
        assertTrue(webPort.name().matches("nsl[0-9a-f]{8}"), webPort.name());
        assertEquals(NetnsName.CURRENT, webPort.netns());
    }

    @Test
    void planSurvivesJson() {
        for (boolean onHost : new boolean[] {false, true}) {
            Plan plan = PlanCompiler.compile(LabParser.parse(BRIDGE), onHost);
            String json = plan.toJson();
            assertTrue(json.contains("\"step\" : \"CreateVeth\""), json);
            assertEquals(plan, Plan.fromJson(json));
        }
    }
}
