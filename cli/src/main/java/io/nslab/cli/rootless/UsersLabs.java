package io.nslab.cli.rootless;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.nslab.core.ProcessStamp;
import io.nslab.core.Processes;
import io.nslab.core.Signals;
import io.nslab.sys.Sys;

/**
 * Root's view of the users' rootless labs, for {@code down --all --all-users}: every user's nslab
 * directory (the holder's file, {@code labs/}), found where the launcher puts them
 * ({@code /tmp/nslab-UID}, {@code /run/user/UID/nslab}) and through the holders that run (a
 * holder's command line names its directory, whatever XDG_RUNTIME_DIR was).
 *
 * <p>A user's labs end with their holder: each node's init watches it and ends its node when it
 * goes (init_holder.c), the services supervisor too, and the kernel frees the namespaces with
 * their last process. So root ends them without entering them: SIGKILL to the holder (checked by
 * its start time), then the labs' state is removed, through a {@link SecureDirectoryStream}
 * that never follows a link: the directory is the user's, who could swap a directory for a
 * link to the machine's files while root deletes.
 */
public final class UsersLabs {
    private static final List<String> PLACES = List.of("/tmp", "/run/user");

    /** One user's nslab directory, and the holder that runs for it (if any). */
    public record UserDir(Path dir, int uid, Optional<ProcessStamp> holder) {}

    /** What ending one user's labs did. */
    public record Ended(UserDir user, List<String> labs, boolean holderKilled, List<String> problems) {}

    private UsersLabs() {}

    /** Every user's (not root's) nslab directory on this machine. */
    public static List<UserDir> find() {
        Set<Path> dirs = new LinkedHashSet<>();
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(Path.of(PLACES.get(0)), "nslab-[0-9]*")) {
            tmp.forEach(dirs::add);
        } catch (IOException e) {
            // no /tmp to look in: the holders below still name their directories
        }
        try (DirectoryStream<Path> run = Files.newDirectoryStream(Path.of(PLACES.get(1)))) {
            run.forEach(u -> dirs.add(u.resolve("nslab")));
        } catch (IOException e) {
            // no /run/user here
        }
        dirs.addAll(holderDirs());
        List<UserDir> out = new ArrayList<>();
        for (Path d : dirs) userDir(d).ifPresent(out::add);
        return out;
    }

    /** A directory only a user (not root) owns and only they may enter, as rootless.c makes it; else empty. */
    private static Optional<UserDir> userDir(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || uid == 0) return Optional.empty();
            for (PosixFilePermission p : a.permissions()) if (!p.name().startsWith("OWNER_")) return Optional.empty();
            Optional<ProcessStamp> holder = ProcessStamp.read(Holder.file(dir)).filter(ProcessStamp::alive)
                    .filter(h -> ownedBy(h.pid(), uid));
            return Optional.of(new UserDir(dir, uid, holder));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The directories that running holders were started for: {@code nslab-init rootless DIR -- ...}. */
    private static List<Path> holderDirs() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String[] argv = Files.readString(p.resolve("cmdline")).split("\0");
                    if (argv.length > 3 && argv[0].endsWith("nslab-init") && argv[1].equals("rootless") && argv[3].equals("--")) {
                        out.add(Path.of(argv[2]));
                    }
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing runs that we could see
        }
        return out;
    }

    private static boolean ownedBy(int pid, int uid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s.*"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends every lab of one user: the holder killed (everything of the labs goes with it), then their state removed. */
    public static Ended end(UserDir user) {
        List<String> problems = new ArrayList<>();
        boolean killed = false;
        if (user.holder().isPresent()) {
            ProcessStamp h = user.holder().get();
            killed = Signals.send(h, Sys.SIGKILL);
            if (!Processes.awaitGone(List.of(h), Duration.ofSeconds(5))) problems.add("holder " + h.pid() + " did not end");
            // The nodes' inits see the holder go within a poll and end their nodes.
            if (!awaitNoInits(user.uid(), Duration.ofSeconds(10))) problems.add("processes of uid " + user.uid() + "'s labs still run");
        }
        List<String> labs = new ArrayList<>();
        Path labsDir = user.dir().resolve("labs");
        if (Files.isDirectory(labsDir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(labsDir)) {
                if (!(ds instanceof SecureDirectoryStream<Path> secure)) {
                    problems.add("cannot remove " + labsDir + " safely here (no SecureDirectoryStream): the user's `nslab down --all` will");
                } else {
                    for (Path lab : ds) {
                        Path name = lab.getFileName();
                        removeTree(secure, name);
                        labs.add(name.toString());
                    }
                }
            } catch (IOException e) {
                problems.add("remove " + labsDir + ": " + e.getMessage());
            }
        }
        for (Path file : List.of(Holder.file(user.dir()), Holder.subids(user.dir()))) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                problems.add("remove " + file + ": " + e.getMessage());
            }
        }
        return new Ended(user, labs, killed, problems);
    }

    /** Removes NAME under the open directory, recursively, never following a link (a link is removed as a link). */
    private static void removeTree(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        PosixFileAttributes a = parent.getFileAttributeView(name, java.nio.file.attribute.PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (!a.isDirectory()) {
            parent.deleteFile(name);
            return;
        }
        try (SecureDirectoryStream<Path> child = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : child) removeTree(child, entry.getFileName());
        }
        parent.deleteDirectory(name);
    }

    /** Waits until no node init of this user runs (nslab-init processes of the user other than a holder). */
    private static boolean awaitNoInits(int uid, Duration patience) {
        long end = System.nanoTime() + patience.toNanos();
        while (true) {
            if (inits(uid).isEmpty()) return true;
            if (System.nanoTime() > end) return false;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static List<Integer> inits(int uid) {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (!Files.readString(p.resolve("comm")).strip().equals("nslab-init")) continue;
                    String status = Files.readString(p.resolve("status"));
                    boolean zombie = status.lines().anyMatch(l -> l.matches("State:\\s+[ZX].*"));
                    if (!zombie && status.lines().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s.*"))) {
                        out.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        } catch (IOException e) {
            // nothing to see
        }
        return out;
    }
}
