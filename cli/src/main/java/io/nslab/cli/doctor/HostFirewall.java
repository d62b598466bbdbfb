package io.nslab.cli.doctor;

import java.nio.file.Path;
import java.util.List;

import io.nslab.netlink.nft.Chain;
import io.nslab.netlink.nft.NfTables;
import io.nslab.netlink.ns.NetNs;

/**
 * What the machine's own firewall would do to a lab built with {@code --on-host}: its
 * traffic between bridges and out of the machine crosses the forward hook, where a chain
 * with policy drop (Docker sets iptables' FORWARD to DROP) discards it unless a rule accepts
 * it. Read-only: it lists chains and changes nothing.
 */
final class HostFirewall {
    private HostFirewall() {}

    static Finding forwardPolicy(boolean root) {
        String name = "forward policy";
        if (!root) return Finding.note(name, "not checked: reading the machine's nf_tables ruleset needs root", null);
        List<Chain> dropping;
        try (NetNs here = NetNs.current(); NfTables nft = NfTables.open(here)) {
            dropping = nft.chains().stream().filter(c -> c.isForward() && c.dropsByDefault()).toList();
        } catch (RuntimeException e) {
            return Finding.note(name, "could not list the machine's nf_tables chains: " + KernelProbe.oneLine(e), null);
        }
        String legacy = Machine.read(Path.of("/proc/net/ip_tables_names")).map(String::strip).orElse("");
        String legacyNote = legacy.isEmpty() ? "" : "; iptables-legacy tables (" + legacy.replace('\n', ',')
                + ") are not nf_tables and were not read";
        if (dropping.isEmpty()) {
            return Finding.ok(name, false, "no forward chain of the machine drops by default (--on-host labs can route)" + legacyNote);
        }
        return Finding.note(name, "with --on-host, lab traffic the machine forwards is dropped by default by chain "
                        + String.join(", ", dropping.stream().map(Chain::toString).toList())
                        + " (policy drop) unless a rule there accepts it; labs in their own netns (the default) are unaffected" + legacyNote,
                "for --on-host, accept the lab's subnets in that chain (e.g. iptables -I FORWARD -s SUBNET -j ACCEPT and -d SUBNET), or run the lab without --on-host");
    }

    /**
     * br_netfilter makes bridged frames pass the iptables/nft ip hooks: with {@code --on-host}
     * traffic between two nodes on a lab bridge then meets the machine's forward rules too.
     */
    static Finding brNetfilter() {
        String name = "br_netfilter";
        Path dir = Path.of("/proc/sys/net/bridge");
        if (!dir.toFile().isDirectory()) {
            return Finding.ok(name, false, "not loaded: frames bridged between nodes skip the machine's ip firewall");
        }
        String call = Machine.read(dir.resolve("bridge-nf-call-iptables")).map(String::strip).orElse("?");
        if (!call.equals("1")) {
            return Finding.ok(name, false, "loaded, but net.bridge.bridge-nf-call-iptables=" + call + ": bridged frames skip the ip firewall");
        }
        return Finding.note(name, "loaded with net.bridge.bridge-nf-call-iptables=1: with --on-host, traffic between nodes on one"
                        + " lab bridge also passes the machine's forward rules (labs in their own netns are unaffected)",
                "if --on-host nodes cannot reach each other, see the forward policy line, or set net.bridge.bridge-nf-call-iptables=0 (it is machine-wide)");
    }
}
