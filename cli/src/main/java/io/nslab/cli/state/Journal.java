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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a lab actually did to the kernel, one JSON line per step, each written before the step
 * runs. A crash of nslab at any moment leaves at worst entries for steps that never happened,
 * and undoing tolerates objects that are already gone, so {@code down} can always undo from
 * here, in reverse.
 *
 * <p>Each entry is one write(2), not forced to disk: a killed process loses nothing the
 * kernel has accepted, and a crash of the machine, the one thing fsync would guard against,
 * also ends every namespace, link and process the journal describes. Forcing each entry was
 * two thirds of a 1,000-node {@code up}.
 */
public final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** Records {@code entry}: when this returns, killing this process cannot lose it. */
    public synchronized void record(Object entry) {
        try {
            byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) channel.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("journal: " + e.getMessage(), e);
        }
    }

    /** Every complete entry, oldest first; a torn last line (a crash mid-write) is ignored. */
    public static List<JsonNode> read(Path file) {
        List<JsonNode> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    entries.add(JSON.readTree(line));
                } catch (IOException torn) {
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("journal " + file + ": " + e.getMessage(), e);
        }
        return entries;
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
