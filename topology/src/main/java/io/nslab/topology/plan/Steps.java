package io.nslab.topology.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nslab.addr.Cidr;
import io.nslab.addr.IpAddress;
import io.nslab.addr.Mac;
import io.nslab.topology.model.Impairment;
import io.nslab.topology.model.Mount;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.NodeFile;
import io.nslab.topology.model.UserMaps;

/** The step records of a {@link Plan}: forward steps first, then the steps that undo them. */
public final class Steps {
    private Steps() {}

    // ---- forward steps -------------------------------------------------------------

    /**
     * A cgroup ({@code path} below the cgroup roots, as {@link CgroupPaths} names it) with its
     * limits, each null when not limited: memory in bytes, CPU time per 100 ms period in
     * microseconds, processes. Marked with the lab's mark.
     */
    public record CreateCgroup(String path, Long memoryMax, Long cpuQuotaUs, Long pidsMax) implements Step {
        /**
         * Whether it is a memory cgroup of its own: the lab's, and a node's with a memory limit.
         * A node without one is counted in the lab's: each memory cgroup costs the kernel about
         * a megabyte that it never reclaims, more the bigger the lab (see MemoryCgroup in core-ns).
         */
        public boolean ownMemory() { return memoryMax != null || CgroupPaths.isLab(path); }

        public Optional<Step> inverse() { return Optional.of(new DeleteCgroup(path)); }
        public <R> R accept(Step.Visitor<R> v) { return v.createCgroup(this); }
    }

    /** A persisted network namespace, like {@code ip netns add NAME}. */
    public record CreateNetns(String name) implements Step {
        public Optional<Step> inverse() { return Optional.of(new DeleteNetns(name)); }
        public <R> R accept(Step.Visitor<R> v) { return v.createNetns(this); }
    }

    /**
     * {@code sysctl -w KEY=VALUE} inside {@code netns}. In a namespace of the lab's own the
     * setting dies with it; in {@link NetnsName#CURRENT} (the machine's) it is restored to the
     * value the executor journaled before changing it.
     */
    public record SetSysctl(String netns, String key, String value) implements Step {
        public Optional<Step> inverse() {
            return NetnsName.isCurrent(netns) ? Optional.of(new RestoreSysctl(netns, key)) : Optional.empty();
        }
        public <R> R accept(Step.Visitor<R> v) { return v.setSysctl(this); }
    }

    /** A Linux bridge (docker0-style switch) named {@code name} in {@code netns}. */
    public record CreateBridge(String netns, String name, int mtu) implements Step {
        public Optional<Step> inverse() { return Optional.of(new DeleteLink(netns, name)); }
        public <R> R accept(Step.Visitor<R> v) { return v.createBridge(this); }
    }

    /**
     * A veth pair: {@code name} in {@code netns}, its peer {@code peerName} created straight
     * in {@code peerNetns}. MACs are null when the kernel picks them. Deleting either end
     * deletes both.
     */
    public record CreateVeth(String netns, String name, Mac mac, String peerNetns, String peerName, Mac peerMac,
                             int mtu) implements Step {
        public Optional<Step> inverse() { return Optional.of(new DeleteLink(netns, name)); }
        public <R> R accept(Step.Visitor<R> v) { return v.createVeth(this); }
    }

    /** Makes {@code ifname} a port of bridge {@code master} ({@code ip link set IF master BR}); goes with the link. */
    public record SetMaster(String netns, String ifname, String master) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.setMaster(this); }
    }

    /** An address with its prefix on an interface; goes with the link. */
    public record AddAddress(String netns, String ifname, Cidr cidr) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.addAddress(this); }
    }

    /** Brings an interface up ({@code lo} too: a new namespace's loopback starts down); goes with the link. */
    public record LinkUp(String netns, String ifname) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.linkUp(this); }
    }

    /**
     * A route to a subnet ({@code /0}: the default route) via a next router; the kernel drops it
     * with the address that made via reachable.
     */
    public record AddRoute(String netns, Cidr to, IpAddress via) implements Step {
        /** The destination as ip route writes it: {@code default} or the subnet. */
        public String destination() { return to.prefix() == 0 ? "default" : to.toString(); }

        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.addRoute(this); }
    }

    /**
     * The lab's NAT rules, IPv4 and IPv6 (NAT66) alike: one nf_tables table of family inet with
     * its nat chains, installed atomically.
     */
    public record InstallNat(String netns, String table, List<MasqueradeRule> masquerades, List<DnatRule> dnats) implements Step {
        public InstallNat {
            masquerades = List.copyOf(masquerades);
            dnats = List.copyOf(dnats);
        }

        public Optional<Step> inverse() { return Optional.of(new DeleteNatTable(netns, table)); }
        public <R> R accept(Step.Visitor<R> v) { return v.installNat(this); }
    }

    /**
     * The lab's {@code /etc/hosts}, written to its state directory (it goes with it). Each node
     * with a mount namespace of its own gets a copy as its /etc/hosts, with the line of
     * {@code ownLines} under its name added, and its hostname as /etc/hostname, made by its
     * init inside the node.
     */
    public record WriteHostsFile(String hosts, Map<String, String> ownLines) implements Step {
        public WriteHostsFile {
            ownLines = ownLines == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ownLines));
        }

        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.writeHostsFile(this); }
    }

    /**
     * The lab's layers: a tmpfs (source {@code nslab-layers}) on the state directory's
     * {@code layers}, where each node with a root of its own keeps the upper layer of its
     * overlay (its writes) and the overlay's work directory. In memory: a node's writes go
     * with the lab, and cost only what is written. Made before the nodes; removed after them.
     */
    public record MountLayers() implements Step {
        public Optional<Step> inverse() { return Optional.of(new UnmountLayers(null)); }
        public <R> R accept(Step.Visitor<R> v) { return v.mountLayers(this); }
    }

    /**
     * Starts the node's init (nslab-init) in {@code netns} with its own {@code namespaces}
     * (of uts, ipc, pid, mnt, cgroup), an optional user namespace, and {@code run} (empty:
     * none) with {@code env}, in cgroup {@code cgroup} (made by a {@link CreateCgroup} before;
     * null in a plan.json of an nslab without cgroups), whose cgroup namespace is rooted there.
     * {@code root}: "overlay", "host" or a directory (null in an older plan.json: "host"); the
     * node's overlay is made inside its own mount namespace by its init, its upper layer on the
     * lab's layers ({@link MountLayers}), with {@code mounts} and {@code files} in its view.
     * {@code capabilities}: the names ({@link io.nslab.topology.model.Capability}) its root keeps,
     * the rest dropped from its bounding set too, with a /dev and /proc of a container's; null for
     * a privileged node, which keeps every capability (and in a plan.json of an nslab before them).
     * {@code setup}: the commands of a run list before {@code run}, which the init runs to their
     * end, in order, before it starts {@code run} and reports ready (empty: none, and in an older
     * plan.json); not kernel objects, nothing to undo: they run inside the node, which goes.
     */
    public record StartNode(String node, String netns, List<String> namespaces, UserMaps user, String hostname,
                            List<String> run, Map<String, String> env, String cgroup,
                            String root, List<Mount> mounts, List<NodeFile> files, List<String> capabilities,
                            List<List<String>> setup) implements Step {
        public StartNode {
            setup = setup == null ? List.of() : setup.stream().map(List::copyOf).toList();
            namespaces = List.copyOf(namespaces);
            run = List.copyOf(run);
            env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
            root = root == null ? Node.ROOT_HOST : root;
            mounts = mounts == null ? List.of() : List.copyOf(mounts);
            files = files == null ? List.of() : List.copyOf(files);
            capabilities = capabilities == null ? null : List.copyOf(capabilities);
        }

        /** A node on the machine's root, with none of its own mounts or files, privileged (as before roots and capabilities existed). */
        public StartNode(String node, String netns, List<String> namespaces, UserMaps user, String hostname,
                         List<String> run, Map<String, String> env, String cgroup) {
            this(node, netns, namespaces, user, hostname, run, env, cgroup, Node.ROOT_HOST, List.of(), List.of(), null, List.of());
        }

        /** A node without setup commands (a run of one command). */
        public StartNode(String node, String netns, List<String> namespaces, UserMaps user, String hostname,
                         List<String> run, Map<String, String> env, String cgroup,
                         String root, List<Mount> mounts, List<NodeFile> files, List<String> capabilities) {
            this(node, netns, namespaces, user, hostname, run, env, cgroup, root, mounts, files, capabilities, List.of());
        }

        /** A root of its own: the machine's tree or a directory's, copy-on-write. */
        public boolean ownRoot() { return !Node.ROOT_HOST.equals(root); }

        /** Every capability: {@code "privileged": true}. */
        public boolean privileged() { return capabilities == null; }

        public Optional<Step> inverse() { return Optional.of(new StopNode(node)); }
        public <R> R accept(Step.Visitor<R> v) { return v.startNode(this); }
    }

    /**
     * Impairs what leaves {@code ifname} in {@code netns}: a tbf root qdisc for the rate; netem
     * for delay, jitter and loss, or, where the kernel has no netem, nslab's delay line (a tap,
     * a clsact filter redirecting to it, the lab's supervisor re-sending). {@code endpoint} and
     * {@code direction} ("out" or "in") name it as the lab file does, for status and explain.
     */
    public record ImpairEgress(String netns, String ifname, String endpoint, String direction, Impairment impairment) implements Step {
        public Optional<Step> inverse() { return Optional.of(new ClearImpairment(netns, ifname)); }
        public <R> R accept(Step.Visitor<R> v) { return v.impairEgress(this); }
    }

    /** Starts the lab's supervisor with its built-in services. */
    public record StartServices(List<ServiceSpec> services) implements Step {
        public StartServices {
            services = List.copyOf(services);
        }

        public Optional<Step> inverse() { return Optional.of(new StopServices()); }
        public <R> R accept(Step.Visitor<R> v) { return v.startServices(this); }
    }

    // ---- undo steps ----------------------------------------------------------------
    // They undo nothing themselves (their inverse is empty); the executor tolerates the object being gone.

    /**
     * Removes a cgroup (and any below it) in every hierarchy, once no process is in it: what is
     * still there (a stray of a killed up) is killed first.
     */
    public record DeleteCgroup(String path) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.deleteCgroup(this); }
    }

    /**
     * Unmounts the lab's layers (lazily: a node still alive keeps its own view until it ends)
     * and removes the directory. {@code path}: the layers' directory, known only to the runner
     * (the state root is not the Plan's), so journaled with it; null in the Plan.
     */
    public record UnmountLayers(String path) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.unmountLayers(this); }
    }

    /** Deletes a persisted namespace; the kernel deletes its interfaces and their veth peers with it. */
    public record DeleteNetns(String name) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.deleteNetns(this); }
    }

    /** Puts a sysctl back to the value journaled before {@link SetSysctl} changed it. */
    public record RestoreSysctl(String netns, String key) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.restoreSysctl(this); }
    }

    /** Deletes a link (a veth's peer goes with it). */
    public record DeleteLink(String netns, String name) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.deleteLink(this); }
    }

    public record DeleteNatTable(String netns, String table) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.deleteNatTable(this); }
    }

    /**
     * Removes an impairment: the link's root qdisc, its clsact hook and its delay line's tap.
     * Tolerates each being gone; the link itself stays.
     */
    public record ClearImpairment(String netns, String ifname) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.clearImpairment(this); }
    }

    /** Stops the node's init (its PID namespace, and every process in it, dies with it). */
    public record StopNode(String node) implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.stopNode(this); }
    }

    public record StopServices() implements Step {
        public Optional<Step> inverse() { return Optional.empty(); }
        public <R> R accept(Step.Visitor<R> v) { return v.stopServices(this); }
    }
}
