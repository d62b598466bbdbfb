package io.nslab.cli.rootless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nslab.cli.launch.Rootless;
import io.nslab.topology.model.UserMaps;

/**
 * The ids a user's labs have: those mapped into the holder's user namespace, as this process
 * (inside it) reads its own {@code uid_map} and {@code gid_map}. Always the user, as 0; and,
 * where newuidmap and /etc/subuid gave the holder a range, 100000 on (core-ns's subids.c). A
 * node's own user map takes its OUT ids from these: {@code 0:100000:65536} needs the range.
 *
 * @param uids, gids the ranges inside, from the maps' first and third fields
 * @param whyNoRange why the holder has no range (the holder's {@code subids} note), if it has none
 */
public record LabIds(List<Range> uids, List<Range> gids, Optional<String> whyNoRange) {
    /** Ids FIRST to FIRST + COUNT - 1. */
    public record Range(long first, long count) {
        boolean covers(long from, long n) {
            return from >= first && from + n <= first + count;
        }

        @Override
        public String toString() {
            return count == 1 ? Long.toString(first) : first + "-" + (first + count - 1);
        }
    }

    /** This process's: read where it runs (a user's command runs in the holder's namespace). */
    public static LabIds here() {
        Optional<String> note = Rootless.dir().flatMap(dir -> read(Holder.subids(dir))).map(String::strip)
                .filter(text -> !text.equals("mapped"));
        return new LabIds(ranges(read(Path.of("/proc/self/uid_map")).orElse("")),
                ranges(read(Path.of("/proc/self/gid_map")).orElse("")), note);
    }

    /** /proc/PID/uid_map text: "INSIDE OUTSIDE COUNT" lines; the insides. */
    static List<Range> ranges(String map) {
        List<Range> ranges = new ArrayList<>();
        for (String line : map.strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) ranges.add(new Range(Long.parseLong(f[0]), Long.parseLong(f[2])));
        }
        return ranges;
    }

    /** What a node's user map may take, for doctor: "may map ..." or "have your id alone: why". */
    public String summary() {
        if (uids.stream().allMatch(r -> r.count() == 1) || gids.stream().allMatch(r -> r.count() == 1)) {
            return "have your id alone (" + whyNoRange.orElse("no range of subordinate ids was mapped") + ")";
        }
        return "may map to uids " + String.join(", ", uids.stream().map(Range::toString).toList())
                + " and gids " + String.join(", ", gids.stream().map(Range::toString).toList()) + " (0 is you; 100000 on, your subordinate ids)";
    }

    /** Why the node's user maps do not fit these ids, if they do not. */
    Optional<String> refuse(String node, UserMaps user) {
        for (String[] kind : new String[][] {{"uid", user.uid()}, {"gid", user.gid()}}) {
            String[] f = kind[1].split(":");
            long out = Long.parseLong(f[1]), count = Long.parseLong(f[2]);
            List<Range> have = kind[0].equals("uid") ? uids : gids;
            if (have.stream().anyMatch(r -> r.covers(out, count))) continue;
            String what = "node \"" + node + "\" maps its " + kind[0] + "s to " + new Range(out, count) + " (\"" + kind[1] + "\")";
            if (have.stream().allMatch(r -> r.count() == 1)) {
                return Optional.of(what + ", but your labs have one id, yours: "
                        + whyNoRange.orElse("no range of subordinate ids was mapped") + "; then take your labs down, so that the next up maps it");
            }
            return Optional.of(what + ", outside your labs' " + kind[0] + "s " + String.join(", ", have.stream().map(Range::toString).toList())
                    + " (0 is you; 100000 on, your range in /etc/sub" + kind[0] + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
