package io.nslab.cli.impair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.nslab.topology.model.Impairment;

/**
 * The impairments in force in a running lab: the file {@code impair} of its state directory,
 * one tab-separated line per impaired egress, written whole (a rename) by {@code up} and
 * {@code nslab link}, read by {@code status} and, for the rows that say {@code delayline}, by
 * the lab's supervisor, which runs their delay lines:
 * <pre>
 * NETNS  IFNAME  ENDPOINT  DIRECTION  RATE_BITS  DELAY_US  JITTER_US  LOSS_PERCENT  VIA  TAP
 * t-a    eth1    a:eth1    out        10000000   20000     0          1.5           delayline  nsd12
 * </pre>
 * VIA is how delay and loss are made: {@code netem}, {@code delayline}, or {@code -} (a rate only,
 * or nothing); TAP the delay line's tap, or {@code -}.
 */
public final class ImpairState {
    public record Row(String netns, String ifname, String endpoint, String direction, Impairment impairment, String via, String tap) {
        public boolean delayLine() { return Via.DELAYLINE.equals(via); }

        public boolean sameEgress(String otherNetns, String otherIfname) {
            return netns.equals(otherNetns) && ifname.equals(otherIfname);
        }

        String line() {
            Impairment i = impairment;
            return String.join("\t", netns, ifname, endpoint, direction, Long.toString(i.rateBits()), Long.toString(i.delayMicros()),
                    Long.toString(i.jitterMicros()), String.format(Locale.US, "%s", i.lossPercent()), via, tap == null ? "-" : tap);
        }

        static Row parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 10) throw new IllegalArgumentException("not an impairment line: " + line);
            return new Row(f[0], f[1], f[2], f[3], new Impairment(Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                    Double.parseDouble(f[7])), f[8], f[9].equals("-") ? null : f[9]);
        }
    }

    /** How delay and loss are made on a row's egress. */
    public static final class Via {
        public static final String NETEM = "netem", DELAYLINE = "delayline", NONE = "-";

        private Via() {}
    }

    private ImpairState() {}

    /** The rows of {@code file}; none when it does not exist. */
    public static List<Row> read(Path file) {
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) if (!line.isBlank()) rows.add(Row.parse(line));
            return rows;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code rows} as the whole file, atomically (a reader sees the old file or the new one). */
    public static void write(Path file, List<Row> rows) {
        StringBuilder text = new StringBuilder();
        for (Row r : rows) text.append(r.line()).append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code rows} with {@code row} in place of the row of the same egress (dropped when its impairment is none). */
    public static List<Row> with(List<Row> rows, Row row) {
        List<Row> out = new ArrayList<>();
        boolean placed = false;
        for (Row r : rows) {
            if (!r.sameEgress(row.netns(), row.ifname())) {
                out.add(r);
            } else if (!placed) {
                placed = true;
                if (!row.impairment().isNone()) out.add(row);
            }
        }
        if (!placed && !row.impairment().isNone()) out.add(row);
        return out;
    }
}
