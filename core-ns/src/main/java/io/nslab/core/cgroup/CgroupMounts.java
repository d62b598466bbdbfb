package io.nslab.core.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where this machine mounts its cgroup file systems, read from {@code /proc/self/mountinfo}:
 * the v2 (unified) mount, if any, and each v1 hierarchy by the controllers nslab uses
 * ({@code cpu}, {@code cpuacct}, {@code memory}, {@code pids}; two may share one mount, as
 * {@code cpu,cpuacct} does on many machines).
 */
public record CgroupMounts(Path unified, Map<String, Path> v1) {
    static final Set<String> CONTROLLERS = Set.of("cpu", "cpuacct", "memory", "pids");

    public CgroupMounts {
        v1 = Map.copyOf(v1);
    }

    public static CgroupMounts read() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new CgroupException("read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /** mountinfo(5): "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - FSTYPE SOURCE SUPEROPTIONS". */
    static CgroupMounts parse(String mountinfo) {
        Path unified = null;
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (dash < 5 || f.length < dash + 4) continue;
            Path at = Path.of(unescape(f[4]));
            String type = f[dash + 1];
            if (type.equals("cgroup2") && unified == null) unified = at;
            if (!type.equals("cgroup")) continue;
            for (String option : f[dash + 3].split(",")) {
                if (CONTROLLERS.contains(option)) v1.putIfAbsent(option, at);
            }
        }
        return new CgroupMounts(unified, v1);
    }

    /** mountinfo writes a space as \040 (and tab, newline, backslash alike). */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }
}
