package io.nslab.topology.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.nslab.topology.model.Interface;
import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;

/**
 * Names the host-side ends of the nodes' bridge veths. In a lab's own host namespace the
 * name is readable when it fits in 15 characters and is free ({@code web-eth0}); otherwise,
 * and always on the machine's own namespace (where labs and the machine's interfaces must
 * not clash, like Docker's {@code vethXXXXXXX}), it is {@code nsl} and 8 hex digits of a hash
 * of lab, node and interface: stable from run to run.
 */
public final class HostEnds {
    private HostEnds() {}

    /** "node/if" → host-side name, for every interface on a bridge, in file order. */
    public static Map<String, String> of(Lab lab, boolean onHost) {
        Set<String> taken = new HashSet<>(lab.bridges().keySet());
        taken.addAll(lab.hostInterfaces().keySet());
        taken.add("lo");
        Map<String, String> names = new LinkedHashMap<>();
        for (Node n : lab.nodes().values()) {
            for (Interface i : n.interfaces().values()) {
                if (!i.onBridge()) continue;
                String readable = n.name() + "-" + i.name();
                String name = !onHost && readable.length() <= 15 && !taken.contains(readable) ? readable : hashed(lab.name(), n.name(), i.name(), taken);
                taken.add(name);
                names.put(key(n.name(), i.name()), name);
            }
        }
        return names;
    }

    public static String key(String node, String ifname) { return node + "/" + ifname; }

    private static String hashed(String lab, String node, String ifname, Set<String> taken) {
        for (int salt = 0; ; salt++) {
            String name = "nsl" + sha256(lab + "/" + node + "/" + ifname + (salt == 0 ? "" : "/" + salt)).substring(0, 8);
            if (!taken.contains(name)) return name;
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
