package io.nslab.cli.doctor;

import io.nslab.addr.IpAddress;
import io.nslab.addr.Cidr;
import java.util.ArrayList;
import java.util.List;

import io.nslab.netlink.nft.Dnat;
import io.nslab.netlink.nft.Masquerade;
import io.nslab.netlink.nft.NatTable;
import io.nslab.netlink.nft.NfTables;
import io.nslab.cli.kernel.NodeNetns;
import io.nslab.core.InitBinary;
import io.nslab.core.NodeException;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.netlink.route.Sysctl;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.netlink.tc.TrafficControl;
import io.nslab.cli.impair.Fallback;

/**
 * Tries, for real, the kernel objects a lab is made of, inside a throwaway network namespace
 * that it creates and deletes again: nothing outside it is touched. Its name has an
 * underscore, which no lab name can have, so it can never be mistaken for a lab's.
 */
final class KernelProbe {
    static final String PREFIX = "nslab_doctor_";
    private static final String TABLE = "nslab-doctor";
    /** A lab's NAT of both families, as one table of family inet holds it. */
    private static final NatTable NAT = new NatTable(TABLE,
            List.of(new Masquerade(Cidr.parse("10.255.0.0/24"), "doctor0"), new Masquerade(Cidr.parse("fd00:255::/64"), "doctor0")),
            List.of(new Dnat("tcp", 8080, IpAddress.parse("10.255.0.2"), 80), new Dnat("tcp", 8080, IpAddress.parse("fd00:255::2"), 80)));

    private KernelProbe() {}

    private static boolean initFound() {
        try {
            InitBinary.path();
            return true;
        } catch (NodeException e) {
            return false;
        }
    }

    /** One finding per kind of object; when a step cannot even be tried, says why. */
    static List<Finding> run(boolean root) {
        List<Finding> out = new ArrayList<>();
        if (!root) {
            for (String name : List.of("netns", "veth", "bridge", "ip forwarding", "nf_tables nat")) {
                out.add(Finding.missing(name, true, "not tested: creating kernel objects needs root", "run nslab doctor as root (sudo)"));
            }
            return out;
        }
        sweepStale();
        String name = PREFIX + ProcessHandle.current().pid();
        boolean asNodes = initFound();
        NetNs ns;
        try {
            // as up makes a node's, owned by a user namespace of its own (NodeNetns), when nslab-init is
            // there to make it (its own line says when it is not); a plain one tests the rest
            ns = asNodes ? NodeNetns.create(List.of(name)).get(0) : NetNs.create(name);
        } catch (RuntimeException e) {
            out.add(Finding.missing("netns", true, "cannot create a network namespace in a user namespace of its own, as a node's: " + oneLine(e),
                    "use a kernel with network and user namespaces (CONFIG_NET_NS, CONFIG_USER_NS; sysctl user.max_user_namespaces above 0);"
                            + " in a container, give it CAP_SYS_ADMIN and CAP_NET_ADMIN"));
            for (String n : List.of("veth", "bridge", "ip forwarding", "nf_tables nat")) {
                out.add(Finding.missing(n, true, "not tested: needs a network namespace", null));
            }
            return out;
        }
        try (ns; Rtnetlink rt = Rtnetlink.open(ns); NfTables nft = NfTables.open(ns)) {
            out.add(Finding.ok("netns", true, "created and deleted a network namespace (" + name + ")"
                    + (asNodes ? ", in a user namespace of its own as a node's" : "; not in a user namespace of its own: that takes nslab-init")));
            boolean veth = tryIt(out, "veth", "a veth pair", "load the veth module (modprobe veth; CONFIG_VETH)", () -> {
                rt.createVeth("doctor1", "doctor2", ns, 0, null);
                rt.setUp("doctor1");
            });
            tryIt(out, "bridge", "a bridge with a port", "load the bridge module (modprobe bridge; CONFIG_BRIDGE)", () -> {
                rt.createBridge("doctor0", 0);
                if (veth) rt.setMaster("doctor1", "doctor0");
                rt.setUp("doctor0");
            });
            tryIt(out, "ip forwarding", "net.ipv4.ip_forward set inside a namespace", "a kernel with IPv4 forwarding (CONFIG_INET)", () -> {
                Sysctl.set(ns, "net.ipv4.ip_forward", "1");
                if (!Sysctl.get(ns, "net.ipv4.ip_forward").trim().equals("1")) throw new IllegalStateException("it did not stay 1");
            });
            tryIt(out, "nf_tables nat", "an nf_tables inet nat table with masquerade and fib/dnat rules of both families, read back",
                    "load nf_tables with inet nat, masquerade and fib (modprobe nft_chain_nat nft_masq nft_fib_inet nft_nat; CONFIG_NF_TABLES_INET, CONFIG_NFT_NAT, CONFIG_NFT_MASQ, CONFIG_NFT_FIB_INET)",
                    () -> {
                        nft.applyNat(NAT);
                        NatTable back = nft.listNat(TABLE);
                        if (!back.equals(NAT)) throw new IllegalStateException("read back " + back + ", not what was written");
                    });
            if (veth) out.add(impairments(ns, rt));
        } finally {
            NetNs.delete(name);
        }
        return out;
    }

    /**
     * Link impairments: tbf for a rate, then netem; where the kernel has no netem, the pieces of
     * nslab's delay line instead (a tap, clsact, a cls_bpf filter with mirred). Says which path
     * labs use here. Not required: only labs with impairments need it.
     */
    private static Finding impairments(NetNs ns, Rtnetlink rt) {
        String what = "link impairments (tbf for a rate; netem, or nslab's delay line, for delay and loss)";
        try (TrafficControl tc = TrafficControl.open(ns)) {
            tc.replaceTbf("doctor2", 10_000_000);
            try {
                tc.replaceNetem("doctor2", true, 20_000, 0, 0.01);
                return Finding.ok("impairments", false, "tbf and netem: delay and loss by the kernel's netem");
            } catch (SysException e) {
                if (e.errno() != Errno.ENOENT) throw e;
            }
            Fallback.install(ns, rt, tc, "doctor2", tc.index("doctor2"), null);
            return Finding.ok("impairments", false, "tbf; no netem in this kernel: delay and loss by nslab's delay line "
                    + "(a tap, clsact, cls_bpf and mirred: tried)");
        } catch (RuntimeException e) {
            return Finding.missing("impairments", false, what + " failed: " + oneLine(e),
                    "load sch_tbf and sch_netem (modprobe sch_netem; CONFIG_NET_SCH_NETEM), or for nslab's delay line tun, "
                            + "cls_bpf and act_mirred (CONFIG_TUN, CONFIG_NET_CLS_BPF, CONFIG_NET_ACT_MIRRED)");
        }
    }

    private static boolean tryIt(List<Finding> out, String name, String what, String fix, Runnable step) {
        try {
            step.run();
            out.add(Finding.ok(name, true, what));
            return true;
        } catch (RuntimeException e) {
            out.add(Finding.missing(name, true, what + " failed: " + oneLine(e), fix));
            return false;
        }
    }

    /**
     * Removes the throwaway namespaces of doctors that died before they could (killed mid-way):
     * only ours, by their name, and only when the PID in the name is gone.
     */
    static void sweepStale() {
        for (String n : NetNs.list()) {
            if (!n.startsWith(PREFIX) || !n.substring(PREFIX.length()).matches("[0-9]{1,10}")) continue;
            long pid = Long.parseLong(n.substring(PREFIX.length()));
            if (ProcessHandle.of(pid).isEmpty()) NetNs.delete(n);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
