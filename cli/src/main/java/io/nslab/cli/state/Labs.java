package io.nslab.cli.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.nslab.cli.outcome.NslabException;

/** The labs that are up: one state directory each under {@link StateDir#root()}. */
public final class Labs {
    private Labs() {}

    public static List<String> names() {
        Path root = StateDir.root();
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("plan.json")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Every lab directory under the root, plan or not: what {@code down --all} must remove,
     * including a lab whose up crashed before writing its plan.
     */
    public static List<String> directories() {
        Path root = StateDir.root();
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The lab a command means: the one named, or, when none is named, the only lab that is
     * up. Anything else is a clear error that lists the labs.
     */
    public static StateDir resolve(String name) {
        // A named lab is looked up on its own; every lab is listed only when none is named, or
        // for the error. The name must be one directory's ("../x" is no lab).
        if (name != null && StateDir.isPlainName(name) && Files.isRegularFile(StateDir.of(name).plan())) {
            return StateDir.of(name);
        }
        List<String> up = names();
        if (name != null) {
            if (!up.contains(name)) {
                throw NslabException.badInput("nslab: no lab named \"" + name + "\" is up"
                        + (up.isEmpty() ? " (no lab is up)" : " (up: " + String.join(", ", up) + ")"));
            }
            return StateDir.of(name);
        }
        if (up.size() == 1) return StateDir.of(up.get(0));
        if (up.isEmpty()) throw NslabException.badInput("nslab: no lab is up (start one with: " + io.nslab.cli.launch.Invocation.sudo("up FILE") + ")");
        throw NslabException.badInput("nslab: " + up.size() + " labs are up (" + String.join(", ", up) + "): say which with -l LAB");
    }
}
