package io.nslab.labs.rootless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.nslab.labs.Nslab;

/**
 * A throwaway unprivileged user (useradd, as root; userdel after) who runs nslab through a
 * copy of the launcher and the built jars that any user may read: CI's checkout may sit
 * under a directory only root can enter. With {@code xdg}, the user has an
 * XDG_RUNTIME_DIR (0700, theirs) as a desktop session gives; without, nslab's state goes to
 * /tmp/nslab-UID.
 */
final class RootlessUser implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final String name;
    final int uid;
    /** The user's primary group, as a login gives it (newgidmap insists on it: 100, users, with useradd -N). */
    final int gid;
    private final Path install;
    private final Path xdg;

    private RootlessUser(String name, int uid, int gid, Path install, Path xdg) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.install = install;
        this.xdg = xdg;
    }

    static RootlessUser create(Path install, boolean xdg) throws Exception {
        StringBuilder name = new StringBuilder("nstu");
        for (int i = 0; i < 5; i++) name.append((char) ('a' + RANDOM.nextInt(26)));
        root("useradd", "-M", "-N", "-s", "/bin/sh", name.toString());
        int uid = Integer.parseInt(root("id", "-u", name.toString()).strip());
        int gid = Integer.parseInt(root("id", "-g", name.toString()).strip());
        giveSubordinateIds(name.toString());
        Path dir = null;
        if (xdg) {
            dir = Files.createTempDirectory("nst-xdg");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            root("chown", uid + ":" + gid, dir.toString());
        }
        return new RootlessUser(name.toString(), uid, gid, install, dir);
    }

    /**
     * A range in /etc/subuid and /etc/subgid, as useradd gives where those files exist (Debian's
     * does); made here where it did not, after every range there, so no two users share one.
     */
    private static void giveSubordinateIds(String name) throws Exception {
        long next = 100000;
        boolean has = false;
        for (String kind : List.of("uid", "gid")) {
            Path file = Path.of("/etc/sub" + kind);
            for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
                String[] f = line.split(":");
                if (f.length != 3) continue;
                if (f[0].equals(name)) has = true;
                next = Math.max(next, Long.parseLong(f[1]) + Long.parseLong(f[2]));
            }
        }
        if (has) return;
        String range = next + "-" + (next + 65535);
        root("usermod", "--add-subuids", range, "--add-subgids", range, name);
    }

    /** The user's first range in /etc/subuid (or subgid): {start, count}, which useradd gave. */
    long[] subordinateIds(String kind) throws Exception {
        for (String line : Files.readAllLines(Path.of("/etc/sub" + kind))) {
            String[] f = line.split(":");
            if (f.length == 3 && f[0].equals(name)) return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
        }
        throw new AssertionError("no range for " + name + " in /etc/sub" + kind);
    }

    /** Takes away the user's subordinate ids, as on a machine whose useradd gives none. */
    void dropSubordinateIds() throws Exception {
        long[] u = subordinateIds("uid"), g = subordinateIds("gid");
        root("usermod", "--del-subuids", u[0] + "-" + (u[0] + u[1] - 1), "--del-subgids", g[0] + "-" + (g[0] + g[1] - 1), name);
    }

    /** The cgroup (a directory per hierarchy) the user's commands start in; none: the test's own. */
    private List<Path> cgroup = List.of();

    /**
     * A cgroup delegated to the user, as an administrator makes one (v1: a directory in each
     * hierarchy nslab uses, the user's; v2: the directory and its cgroup.procs and
     * cgroup.subtree_control), and the user's commands start in it from now on.
     */
    List<Path> delegateCgroup() throws Exception {
        var mounts = io.nslab.core.cgroup.CgroupMounts.read();
        List<Path> roots = mounts.v1().isEmpty() ? List.of(mounts.unified()) : List.copyOf(new java.util.LinkedHashSet<>(mounts.v1().values()));
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            Path dir = root.resolve("nslab-test-" + name);
            root("mkdir", dir.toString());
            dirs.add(dir);
            for (String f : List.of(".", "cgroup.procs", "tasks", "cgroup.subtree_control", "cgroup.threads")) {
                if (Files.exists(dir.resolve(f))) root("chown", uid + ":" + gid, dir.resolve(f).toString());
            }
        }
        cgroup = dirs;
        return dirs;
    }

    /** The delegated cgroup gone (rmdir: it must be empty, which is the point). */
    void removeCgroup() throws Exception {
        for (Path dir : cgroup) root("rmdir", dir.toString());
        cgroup = List.of();
    }

    /** Where nslab keeps this user's labs, holder and lock. */
    Path nslabDir() {
        return xdg != null ? xdg.resolve("nslab") : Path.of("/tmp/nslab-" + uid);
    }

    /** {@code ./nslab ARGS} as this user (setpriv), from the copy, with a user's plain environment. */
    Nslab.Run nslab(String... args) throws Exception {
        return nslab(Map.of(), args);
    }

    /** As {@link #nslab(String...)}, with {@code extra} added to the user's environment (NSLAB_JAVA_OPTS, say). */
    Nslab.Run nslab(Map<String, String> extra, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (!cgroup.isEmpty()) {
            // Root starts the command in the user's cgroup, as a login would (pam, systemd): then the user's command runs.
            cmd.addAll(List.of("sh", "-c", "for d in " + String.join(" ", cgroup.stream().map(Path::toString).toList())
                    + "; do echo $$ > $d/cgroup.procs || exit 99; done; exec \"$@\"", "sh"));
        }
        cmd.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--",
                install.resolve("nslab").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("nst-out", ".txt"), err = Files.createTempFile("nst-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(install.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            String path = env.get("PATH");
            env.clear();
            env.put("PATH", path);
            env.put("LANG", "C.UTF-8");
            if (xdg != null) env.put("XDG_RUNTIME_DIR", xdg.toString());
            env.putAll(extra);
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(name + ": nslab " + String.join(" ", args) + " hung over 180 s");
            }
            return new Nslab.Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * {@code ./nslab ARGS} as this user, left running (capture, web): its output into
     * {@code out} and {@code err}. setpriv, the launcher and nslab-init each exec the next, so
     * the process's PID is the nslab JVM's, for a signal.
     */
    Process start(Path out, Path err, String... args) throws IOException {
        // as a shell starts a foreground job: a test's Ctrl-C reaches it however the suite was started (Nslab.asForegroundJob)
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        cmd.addAll(io.nslab.labs.Nslab.asForegroundJob());
        cmd.add(install.resolve("nslab").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(install.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path);
        env.put("LANG", "C.UTF-8");
        if (xdg != null) env.put("XDG_RUNTIME_DIR", xdg.toString());
        return pb.start();
    }

    /** The user's processes that still run (zombies wait only for the machine's PID 1 to reap them). */
    List<String> processes() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String status = Files.readString(p.resolve("status"));
                    boolean mine = status.lines().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s.*"));
                    boolean zombie = status.lines().anyMatch(l -> l.matches("State:\\s+[ZX].*"));
                    if (mine && !zombie) found.add(p.getFileName() + " " + Files.readString(p.resolve("comm")).strip());
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        }
        return found;
    }

    /** Everything of the user's labs goes (down --all as the user), then their processes, files and the user. */
    @Override
    public void close() throws Exception {
        try {
            nslab("down", "--all");
        } finally {
            for (String p : processes()) root("kill", "-9", p.split(" ")[0]);
            root("rm", "-rf", nslabDir().toString());
            if (xdg != null) root("rm", "-rf", xdg.toString());
            root("userdel", name);
        }
    }

    /** A command as root (this JVM's user), its output; fails the test when it fails. */
    static String root(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    /**
     * A copy of what `./nslab` runs (the launcher, nslab-init, the jars, jffi's stub, the lab
     * files), readable and executable by anyone, in a fresh directory under /tmp.
     */
    static Path install() throws Exception {
        Path repo = Nslab.repo();
        Nslab.launcher(Map.of(), 600, "--version"); // built (as root) first
        Path dir = Files.createTempDirectory("nst-rootless");
        List<String> parts = new ArrayList<>(List.of("nslab", "core-ns/target/nslab-init", "cli/target/nslab-cli.jar",
                "cli/target/lib", "cli/target/jffi"));
        try (Stream<Path> labs = Files.list(repo.resolve("labs"))) {
            labs.filter(f -> f.toString().endsWith(".json")).forEach(f -> parts.add("labs/" + f.getFileName()));
        }
        for (String part : parts) {
            Path from = repo.resolve(part);
            if (!Files.exists(from)) continue;
            Files.createDirectories(dir.resolve(part).getParent());
            root("cp", "-a", from.toString(), dir.resolve(part).toString());
        }
        root("chmod", "-R", "a+rX", dir.toString());
        return dir;
    }
}
