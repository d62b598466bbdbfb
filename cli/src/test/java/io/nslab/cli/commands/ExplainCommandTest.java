package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explain without root: the script's content, and that sh can parse it (sh -n runs nothing). */
class ExplainCommandTest {
    static final String BRIDGE = CommandRun.LABS.resolve("bridge.json").toString();

    @Test
    void theScriptHasEveryKindOfStep() {
        CommandRun r = nslab("explain", BRIDGE);
        assertEquals(0, r.code(), r.err());
        String s = r.out();
        for (String expected : new String[] {
                "ip netns add bridge\n",
                "ip netns exec bridge sysctl -qw net.ipv4.ip_forward=1\n",
                "ip -n bridge link add nslab0 mtu 1500 type bridge\n",
                "ip -n bridge addr add 172.20.0.1/24 dev nslab0\n",
                "ip -n bridge link add client-eth0 mtu 1500 type veth peer name eth0 mtu 1500 netns bridge-client\n",
                "ip -n bridge link set client-eth0 master nslab0\n",
                "ip -n bridge-client addr add 172.20.0.2/24 dev eth0\n",
                "ip -n bridge-client route add default via 172.20.0.1\n",
                "\t\tip saddr 172.20.0.0/24 oifname != \"nslab0\" masquerade\n",
                "#   iptables -t nat -A POSTROUTING -s 172.20.0.0/24 ! -o nslab0 -j MASQUERADE\n",
                "table inet nslab-bridge {\n",
                "\t\tfib daddr type local tcp dport 8080 dnat ip to 172.20.0.10:80\n",
                "#   ip netns exec bridge nft delete table inet nslab-bridge\n",
                "--dport 8080 -j DNAT --to-destination 172.20.0.10:80\n",
                // into its cgroup (this machine's layout: v1 or v2) before unshare makes its cgroup namespace
                "sh -c 'echo $$ > \"$CGROUP\"/",
                "/nslab/bridge/web/cgroup.procs; exec \"$@\"' - ip netns exec bridge-web unshare --uts --ipc --cgroup --mount --pid --fork --kill-child --mount-proc sh -c",
                "mkdir -p \"$CGROUP\"/",
                "A shell script cannot start them",
                "#   ip netns del bridge      #"}) {
            assertTrue(s.contains(expected), () -> "missing: " + expected + "\n" + s);
        }
    }

    @Test
    void scriptsParseAsPosixShell(@TempDir Path dir) throws Exception {
        for (String[] args : new String[][] {{"explain", BRIDGE}, {"explain", "--on-host", BRIDGE}}) {
            CommandRun r = nslab(args);
            assertEquals(0, r.code(), r.err());
            Path script = dir.resolve("lab.sh");
            Files.writeString(script, r.out());
            Process p = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        }
    }

    /** Every node option the script renders: run as a string and as argv, env, user maps, fewer namespaces, shared netns. */
    static final String OPTIONS = ("{'name':'opts','bridges':{'br0':{'subnet':'10.0.0.0/24','gateway':'none'}},'nodes':{"
            + "'a':{'interfaces':{'eth0':{'bridge':'br0','mac':'02:00:00:00:00:0a','mtu':9000}},'run':'echo \\u0027hi\\u0027 && sleep 1000',"
            + "'env':{'GREETING':'hello world'},'user':{'uid':'0:100000:65536','gid':'0:100000:65536'}},"
            + "'b':{'netns':'a','namespaces':['pid'],'run':['sleep','1000']},"
            + "'c':{'netns':'host','namespaces':[],'privileged':true},"
            + "'d':{'capabilities':{'drop':['ALL'],'add':['NET_RAW']}}}}").replace('\'', '"');

    @Test
    void nodeOptionsBecomeUnshareFlags(@TempDir Path dir) throws Exception {
        Path lab = dir.resolve("opts.json");
        Files.writeString(lab, OPTIONS);
        CommandRun r = nslab("explain", lab.toString());
        assertEquals(0, r.code(), r.err());
        String s = r.out();
        assertTrue(s.contains("/nslab/opts/a/cgroup.procs; exec \"$@\"' - ip netns exec opts-a env 'GREETING=hello world' unshare --user --map-users=100000,0,65536 "
                + "--map-groups=100000,0,65536 --uts --ipc --cgroup --mount --pid --fork --kill-child --mount-proc sh -c"), s);
        assertTrue(s.contains("\"$STATE/a\" /bin/sh -c 'echo '\\''hi'\\'' && sleep 1000' </dev/null"), s);
        String setpriv = "setpriv --inh-caps=-all --bounding-set=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap,"
                + "+net_bind_service,+net_admin,+net_raw,+sys_chroot,+mknod,+audit_write,+setfcap";
        assertTrue(s.contains("/nslab/opts/b/cgroup.procs; exec \"$@\"' - ip netns exec opts-a unshare --pid --fork --kill-child sh -c 'exec "
                + setpriv + " \"$@\"' \"$STATE/b\" sleep 1000"), s);
        assertTrue(s.contains("/nslab/opts/c/cgroup.procs; exec \"$@\"' - ip netns exec opts unshare sh -c 'exec \"$@\"' \"$STATE/c\" sleep infinity"), s);
        assertTrue(s.contains("# Capabilities: Docker's default set, NET_ADMIN and SYS_ADMIN, in the node's own user namespace (docker run --cap-add NET_ADMIN --cap-add SYS_ADMIN).\n"), s);
        // the script keeps the machine's user namespace: there, SYS_ADMIN would be the machine's (the setpriv above leaves it out)
        assertTrue(s.contains("# Without a user namespace of its own, SYS_ADMIN would be the machine's: setpriv leaves it out here.\n"), s);
        assertTrue(s.contains("unshare --user --net=/run/netns/opts-a sleep 1 &"), "how to make it, as a comment: " + s);
        assertTrue(s.contains("# Privileged: every capability (docker run --privileged)"), s);
        assertTrue(s.contains("# Capabilities: NET_RAW (docker run --cap-drop ALL --cap-add NET_RAW).\n"), s);
        assertTrue(s.contains("ip -n opts link add a-eth0 mtu 9000 type veth peer name eth0 address 02:00:00:00:00:0a mtu 9000 netns opts-a"), s);
        assertTrue(!s.contains("ip -n opts addr add 10.0.0.1/24 dev br0"), "a switch without gateway has no address: " + s);
        Path script = dir.resolve("opts.sh");
        Files.writeString(script, s);
        Process p = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void onHostTouchesTheMachinesNamespaceAndRestoresItsSysctl() {
        String s = nslab("explain", "--on-host", BRIDGE).out();
        assertTrue(s.contains("sysctl -n net.ipv4.ip_forward > \"$STATE/sysctl.net.ipv4.ip_forward\""), s);
        assertTrue(s.contains("\nip link add nslab0 mtu 1500 type bridge\n"), s);
        assertTrue(s.contains("\nnft -f - <<'EOF'\n"), s);
        assertTrue(!s.contains("ip netns add bridge\n"), s);
        assertTrue(s.contains("#   sysctl -qw net.ipv4.ip_forward=\"$(cat \"$STATE/sysctl.net.ipv4.ip_forward\")\""), s);
    }

    @Test
    void aBadLabIsExitTwoWithItsErrors() throws Exception {
        Path f = Files.createTempFile("nst-", ".json");
        try {
            Files.writeString(f, "{\"name\":\"t\",\"nodes\":{\"a\":{\"netns\":\"b\"}}}");
            CommandRun r = nslab("explain", f.toString());
            assertEquals(new CommandRun(2, "", f + ": nodes.a.netns: \"b\" is neither \"host\" nor a node (known: a)\n"), r);
        } finally {
            Files.delete(f);
        }
    }
}
