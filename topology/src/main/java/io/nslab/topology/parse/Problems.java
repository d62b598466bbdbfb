package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.List;

import io.nslab.topology.LabError;

/** Collects a file's errors so all of them are reported at once, each with its JSON path. */
public final class Problems {
    private final List<LabError> errors = new ArrayList<>();

    public void add(String path, String message) { errors.add(new LabError(path, message)); }

    public boolean isEmpty() { return errors.isEmpty(); }

    public List<LabError> list() { return List.copyOf(errors); }

    /** {@code parent.key}, or {@code parent["key"]} when the key holds characters that would blur the path (dots, for sysctls). */
    public static String key(String parent, String key) {
        boolean plain = key.matches("[A-Za-z0-9_-]+");
        if (!plain) return parent + "[\"" + key.replace("\"", "\\\"") + "\"]";
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String index(String parent, int i) { return parent + "[" + i + "]"; }
}
