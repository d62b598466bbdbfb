package io.nslab.topology.model;

/** A user namespace's maps, each {@code "IN:OUT:COUNT"} as written to /proc/PID/uid_map and gid_map. */
public record UserMaps(String uid, String gid) {}
