package io.nslab.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * nslab-init, found through the system property {@code nslab.init} (the launcher and the
 * Maven tests set it), and the command lines of its two modes.
 */
public final class InitBinary {
    private InitBinary() {}

    /** Set by {@code nslab-init rootless} (rootless.c) for a command that joined the user's holder. */
    public static final String HOLDER_ENV = "NSLAB_ROOTLESS_HOLDER";

    public static Path path() {
        String property = System.getProperty("nslab.init");
        if (property == null) throw new NodeException("nslab-init not found: the system property nslab.init is not set");
        Path path = Path.of(property);
        if (!Files.isExecutable(path)) throw new NodeException("nslab-init not found at " + path + " (build it: mvn -pl core-ns compile)");
        return path;
    }

    /** {@code nslab-init init ...} for a node (its environment is passed as the process's). */
    public static List<String> initCommand(NodeSpec spec) {
        List<String> argv = new ArrayList<>(List.of(path().toString(), "init"));
        for (Path dir : spec.cgroup()) argv.addAll(List.of("--cgroup", dir.toString()));
        if (spec.netnsPath() != null) argv.addAll(List.of("--net", spec.netnsPath()));
        List<String> kinds = new ArrayList<>();
        // Fixed order, so the command line reads the same every time.
        for (NsKind kind : NsKind.values()) if (spec.namespaces().contains(kind)) kinds.add(kind.procName());
        if (!kinds.isEmpty()) argv.addAll(List.of("--ns", String.join(",", kinds)));
        if (spec.user() != null) argv.add("--user");
        if (spec.namespaces().contains(NsKind.UTS) || spec.hostsFile() != null) argv.addAll(List.of("--hostname", spec.hostname()));
        if (spec.hostsFile() != null) argv.addAll(List.of("--hosts", spec.hostsFile().toAbsolutePath().toString()));
        if (spec.hostsLine() != null) argv.addAll(List.of("--hosts-line", spec.hostsLine()));
        argv.addAll(spec.root().initOptions());
        if (spec.capabilities() != null) argv.addAll(List.of("--caps", Long.toHexString(spec.capabilities())));
        // A rootless lab's node ends with the user's holder, which `nslab-init rootless` named
        // for this JVM ("PID STARTTIME"; init_holder.c). Root's labs have none.
        String holder = System.getenv(HOLDER_ENV);
        if (holder != null && !holder.isEmpty()) argv.addAll(List.of("--holder", holder));
        for (List<String> command : spec.setup()) {
            argv.addAll(List.of("--setup", Integer.toString(command.size())));
            argv.addAll(command);
        }
        if (!spec.run().isEmpty()) {
            argv.add("--");
            argv.addAll(spec.run());
        }
        return argv;
    }

    /**
     * {@code nslab-init exec ...}: the node's environment is its init's; {@code env} adds to
     * it. With {@code tty} the command gets a terminal of its own (docker exec -t).
     */
    public static List<String> execCommand(ProcessStamp init, List<String> cmd, Map<String, String> env,
                                           boolean interactive, boolean tty) {
        return execCommand(init, cmd, env, interactive, tty, List.of());
    }

    /** As above, the command put in the node's cgroup first ({@code cgroup}: its directories, one per hierarchy), as docker exec does. */
    public static List<String> execCommand(ProcessStamp init, List<String> cmd, Map<String, String> env,
                                           boolean interactive, boolean tty, List<Path> cgroup) {
        return execCommand(init, cmd, env, interactive, tty, cgroup, false);
    }

    /**
     * As above. The command gets the node's capabilities (its init's: not more) and, in a node
     * that has not every one, no_new_privs; {@code privileged}: every capability the caller has
     * instead (docker exec --privileged), for a teacher's look behind the node's back.
     */
    public static List<String> execCommand(ProcessStamp init, List<String> cmd, Map<String, String> env,
                                           boolean interactive, boolean tty, List<Path> cgroup, boolean privileged) {
        return execCommand(init, cmd, env, interactive, tty, cgroup, privileged, ExecAs.NODE_ROOT);
    }

    /** As above, as the user and in the directory {@code as} says (docker exec -u, -w). */
    public static List<String> execCommand(ProcessStamp init, List<String> cmd, Map<String, String> env,
                                           boolean interactive, boolean tty, List<Path> cgroup, boolean privileged,
                                           ExecAs as) {
        if (cmd.isEmpty()) throw new IllegalArgumentException("no command to run");
        List<String> argv = new ArrayList<>(List.of(path().toString(), "exec"));
        if (interactive) argv.add("-i");
        if (tty) argv.add("-t");
        if (privileged) argv.add("--privileged");
        for (Path dir : cgroup) argv.addAll(List.of("--cgroup", dir.toString()));
        new TreeMap<>(env).forEach((name, value) -> argv.addAll(List.of("-e", name + "=" + value)));
        if (as.workdir() != null) argv.addAll(List.of("-w", as.workdir()));
        if (as.user() != null) argv.addAll(List.of("-u", as.user()));
        argv.addAll(List.of(Integer.toString(init.pid()), Long.toString(init.startTime()), "--"));
        argv.addAll(cmd);
        return argv;
    }
}
