package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The commands of a lab file (a node's {@code run}, an exec check), as execve will take them. */
final class Commands {
    private Commands() {}

    /** At most this many commands in a node's run list (nslab-init keeps them in a fixed table). */
    static final int MAX_RUN_LIST = 16;

    /**
     * A command under {@code key}: an argv array, or a string for {@code /bin/sh -c}; empty
     * (and an error) when it is neither or holds nothing.
     */
    static List<String> read(Obj o, String key, String hint, Problems problems) {
        JsonNode v = o.raw(key);
        return v == null ? List.of() : command(v, o.path(key), hint, problems);
    }

    /**
     * A node's {@code run}: one command (an argv array of strings, or a string), or a list of
     * commands, each an argv array or a string, run in order, the last the node's program. An
     * array is a list when one of its items is an array: an array of strings alone stays one
     * argv, as it always was. Empty (and errors) when something is wrong.
     */
    static List<List<String>> readRun(Obj o, String key, String hint, Problems problems) {
        JsonNode v = o.raw(key);
        if (v == null) return List.of();
        boolean list = false;
        if (v.isArray()) for (JsonNode item : v) list |= item.isArray();
        if (!list) {
            List<String> one = command(v, o.path(key), hint, problems);
            return one.isEmpty() ? List.of() : List.of(one);
        }
        if (v.size() > MAX_RUN_LIST) {
            problems.add(o.path(key), v.size() + " commands; at most " + MAX_RUN_LIST + " (put the rest in a script)");
            return List.of();
        }
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            List<String> c = command(v.get(i), Problems.index(o.path(key), i), "a command of the list is an argv array or a string", problems);
            if (!c.isEmpty()) commands.add(c);
        }
        return commands.size() == v.size() ? commands : List.of();
    }

    private static List<String> command(JsonNode v, String path, String hint, Problems problems) {
        if (v.isTextual()) {
            if (v.textValue().isBlank()) {
                problems.add(path, "an empty command; " + hint);
                return List.of();
            }
            String problem = argProblem(v.textValue());
            if (problem != null) {
                problems.add(path, problem);
                return List.of();
            }
            return List.of("/bin/sh", "-c", v.textValue());
        }
        if (!v.isArray()) {
            problems.add(path, "must be an argv array or a string for /bin/sh -c, not " + Json.describe(v));
            return List.of();
        }
        if (v.isEmpty()) {
            problems.add(path, "an empty argv; " + hint);
            return List.of();
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String s = Json.string(v.get(i), Problems.index(path, i), "an argument", problems);
            if (s != null && argProblem(s) != null) {
                problems.add(Problems.index(path, i), argProblem(s));
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
