package io.nslab.cli.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nslab.cli.outcome.NslabException;

/**
 * {@code nslab exec -e}, read as docker exec reads it: {@code KEY=VAL} sets KEY (the value may
 * be empty, or hold more {@code =}); {@code KEY} alone passes on nslab's own value of KEY, and
 * nothing when KEY is not set. The last of two for one KEY wins, as in a shell.
 */
final class ExecEnv {
    private ExecEnv() {}

    static Map<String, String> read(List<String> options, Map<String, String> ours) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            if (key.isEmpty()) throw NslabException.badInput("nslab: -e " + option + ": no variable name (expected KEY=VAL)");
            if (eq >= 0) env.put(key, option.substring(eq + 1));
            else if (ours.containsKey(key)) env.put(key, ours.get(key));
        }
        return env;
    }
}
