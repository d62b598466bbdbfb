package io.nslab.cli.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Small read-only facts of this machine, from /proc and /sys, each read once when asked. */
final class Machine {
    private Machine() {}

    /**
     * The file's text, or empty when it cannot be read (absent, no permission). Read with a
     * large buffer: /proc files claim size 0, and Files.readString then reads them in tiny
     * steps, which a sysctl file answers with its first byte only ("9" of 96365).
     */
    static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The effective UID from /proc/self/status ("Uid: real effective saved fs"), or -1. */
    static int effectiveUid() {
        return read(Path.of("/proc/self/status")).map(Machine::effectiveUid).orElse(-1);
    }

    static int effectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                if (f.length >= 2 && f[1].matches("[0-9]+")) return Integer.parseInt(f[1]);
            }
        }
        return -1;
    }

    /** The first mount point of a file system type in /proc/self/mountinfo, or null. */
    static String mountPointOf(String fsType, String mountinfo) {
        for (String line : mountinfo.split("\n")) {
            // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS"
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (before.length >= 5 && after.length >= 1 && after[0].equals(fsType)) return before[4];
        }
        return null;
    }

    /** The executable called {@code name} on PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }
}
