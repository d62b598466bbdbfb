package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The commands of a lab file (a node's {@code run}, an exec check), as execve will take them. */
final class Commands {
    private Commands() {}

    /**
     * A command under {@code key}: an argv array, or a string for {@code /bin/sh -c}; empty
     * (and an error) when it is neither or holds nothing.
     */
    static List<String> read(Obj o, String key, String hint, Problems problems) {
        JsonNode v = o.raw(key);
        if (v == null) return List.of();
        if (v.isTextual()) {
            if (v.textValue().isBlank()) {
                problems.add(o.path(key), "an empty command; " + hint);
                return List.of();
            }
            String problem = argProblem(v.textValue());
            if (problem != null) {
                problems.add(o.path(key), problem);
                return List.of();
            }
            return List.of("/bin/sh", "-c", v.textValue());
        }
        if (!v.isArray()) {
            problems.add(o.path(key), "must be an argv array or a string for /bin/sh -c, not " + Json.describe(v));
            return List.of();
        }
        if (v.isEmpty()) {
            problems.add(o.path(key), "an empty argv; " + hint);
            return List.of();
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String s = Json.string(v.get(i), Problems.index(o.path(key), i), "an argument", problems);
            if (s != null && argProblem(s) != null) {
                problems.add(Problems.index(o.path(key), i), argProblem(s));
            } else if (s != null) {
                argv.add(s);
            }
        }
        return argv.size() == v.size() ? argv : List.of();
    }

    /** Why execve could not pass {@code s} as an argument, or null. */
    static String argProblem(String s) {
        if (s.indexOf('\0') >= 0) return "holds a NUL character, which no command line can carry";
        if (s.length() > LabReader.MAX_ARG) return "longer than " + LabReader.MAX_ARG + " characters, the kernel's limit for one argument";
        return null;
    }
}
