package io.nslab.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed setup command (a run list's command before the program) wrote, for the error
 * that fails {@code up}: the init reports "run[I] ... exited with status N" on its one-line
 * report pipe, while the command's output went to the node's log, after the init's line
 * "nslab-init: run[I]: ARGV" (init_run.c). Read from there, before the rollback removes it.
 */
public final class RunOutput {
    private RunOutput() {}

    /** Lines of output shown at most: the end of it, where the error usually is. */
    static final int MAX_LINES = 20;
    /** Bytes of the log read at most (its end): a chatty setup must not make a huge error. */
    static final int MAX_BYTES = 16 * 1024;

    private static final Pattern FAILED = Pattern.compile("^run\\[(\\d+)\\] ");

    /** {@code error} (the init's report) followed by what the failed command wrote, when it is a setup command's. */
    public static String explain(String error, Path log) {
        Matcher m = FAILED.matcher(error);
        if (!m.find() || log == null) return error;
        List<String> lines = commandLines(log, Integer.parseInt(m.group(1)));
        if (lines == null) return error;
        if (lines.isEmpty()) return error + " (it wrote nothing)";
        // Its own lines, after the first: a caller may add to the first (up: "rolled back").
        StringBuilder out = new StringBuilder(error).append("\n  its output:");
        int from = Math.max(0, lines.size() - MAX_LINES);
        if (from > 0) out.append("\n    ... (").append(from).append(" lines before these)");
        for (String line : lines.subList(from, lines.size())) out.append("\n    ").append(line);
        return out.toString();
    }

    /** The lines between the init's start line of command {@code index} and its next line about a command; null if the log has none. */
    static List<String> commandLines(Path log, int index) {
        String text;
        boolean cut;
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(log)) {
            long size = file.size();
            cut = size > MAX_BYTES;
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(size, MAX_BYTES));
            file.position(size - buf.capacity());
            while (buf.hasRemaining() && file.read(buf) > 0) { /* the end of the log */ }
            text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String start = "nslab-init: run[" + index + "]: ", end = "nslab-init: run[" + index + "] ";
        // Cut: the start line may be before what was read, and all of it is the command's.
        List<String> lines = cut && !text.contains(start) ? new ArrayList<>() : null;
        List<String> all = List.of(text.split("\n", -1));
        for (String line : cut ? all.subList(1, all.size()) : all) { // a cut's first line is part of one
            if (line.startsWith(start)) lines = new ArrayList<>();
            else if (lines != null && (line.startsWith(end) || line.startsWith("nslab-init: run["))) break;
            else if (lines != null) lines.add(line);
        }
        if (lines != null && !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        return lines;
    }
}
