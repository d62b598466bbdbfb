package io.nslab.core;

import java.util.regex.Pattern;

/**
 * The uid and gid maps of a node's user namespace, each {@code "IN:OUT:COUNT"}: ids IN.. of
 * the node are ids OUT.. of the machine. {@code 0:100000:65536} makes root in the node uid
 * 100000 outside, a nobody to the machine.
 */
public record UserMap(String uid, String gid) {
    private static final Pattern RANGE = Pattern.compile("\\d{1,10}:\\d{1,10}:[1-9]\\d{0,9}");

    public UserMap {
        for (String map : new String[] {uid, gid}) {
            if (map == null || !RANGE.matcher(map).matches()) throw new IllegalArgumentException("user map '" + map + "' is not IN:OUT:COUNT");
        }
    }

    /** The same map for uids and gids. */
    public static UserMap of(String both) {
        return new UserMap(both, both);
    }

    /** The text /proc/PID/uid_map takes: {@code "0 100000 65536\n"}. */
    public static String procFormat(String map) {
        return map.replace(':', ' ') + "\n";
    }
}
