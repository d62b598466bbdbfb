package io.nslab.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a lab did to the kernel that must be undone, one line per entry, each written before
 * what it records can have happened. A crash of nslab at any moment leaves at worst entries
 * for things that never happened, and undoing tolerates objects that are already gone, so
 * {@code down} can always undo from here, in reverse. What a line says is
 * {@code io.nslab.cli.state.JournalEntry}'s business; this class keeps the lines.
 *
 * <p>Each line is one write(2), not forced to disk: a killed process loses nothing the kernel
 * has accepted, and a crash of the machine, the one thing fsync would guard against, also
 * ends every namespace, link and process the journal describes. Forcing each entry was two
 * thirds of a 1,000-node {@code up}.
 */
public final class Journal implements AutoCloseable {
    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    public static Journal append(Path file) {
        try {
            return new Journal(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records one line: when this returns, killing this process cannot lose it. */
    public synchronized void record(String line) {
        if (line.indexOf('\n') >= 0) throw new IllegalArgumentException("a journal line has no newline: " + line);
        try {
            ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) channel.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("journal: " + e.getMessage(), e);
        }
    }

    /** Every complete line, oldest first; a torn last line (no newline yet: a crash mid-write) is left out. */
    public static List<String> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("journal " + file + ": " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int nl; (nl = text.indexOf('\n', from)) >= 0; from = nl + 1) {
            if (nl > from) lines.add(text.substring(from, nl));
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing buffered: every record() was written already
        }
    }
}
