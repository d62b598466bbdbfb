package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;


/** Collects a file's errors so all of them are reported at once, each with its JSON path. */
public final class Problems {
    /** More errors than this are counted, not listed: a generated file can hold a million, and nobody reads them. */
    public static final int MAX_LISTED = 100;
    private final List<LabError> errors = new ArrayList<>();
    private int unlisted;

    public void add(String path, String message) {
        if (errors.size() < MAX_LISTED) errors.add(new LabError(path, message));
        else unlisted++;
    }

    public boolean isEmpty() { return errors.isEmpty(); }

    /** The errors in the order found; past {@link #MAX_LISTED}, one last entry says how many more there are. */
    public List<LabError> list() {
        if (unlisted == 0) return List.copyOf(errors);
        List<LabError> out = new ArrayList<>(errors);
        out.add(new LabError("(more)", unlisted + " more error" + (unlisted == 1 ? "" : "s") + " not shown; fix these first"));
        return List.copyOf(out);
    }

    // Compiled once: String.matches compiles its pattern on every call, and every key read makes a path.
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    /** {@code parent.key}, or {@code parent["key"]} when the key holds characters that would blur the path (dots, for sysctls). */
    public static String key(String parent, String key) {
        boolean plain = PLAIN_KEY.matcher(key).matches();
        if (!plain) return parent + "[\"" + key.replace("\"", "\\\"") + "\"]";
        return parent.isEmpty() ? key : parent + "." + key;
    }

    public static String index(String parent, int i) { return parent + "[" + i + "]"; }
}
