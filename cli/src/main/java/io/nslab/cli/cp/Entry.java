package io.nslab.cli.cp;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One thing of a tree being copied, as {@link TreeReader} found it on one side and
 * {@link TreeWriter} makes it on the other: {@code rel} its path below the top ("" for the top
 * itself), {@code mode} its permission bits, {@code link} a symbolic link's target (copied as it
 * is, never followed), {@code data} a file's contents, opened on the reading side (a channel
 * opened in one mount namespace reads there from any thread); {@code failure} why the reading
 * side stopped.
 */
record Entry(String rel, Kind kind, int mode, String link, FileChannel data, IOException failure) {
    enum Kind { FILE, DIRECTORY, LINK, END, FAILED }

    Entry(String rel, Kind kind, int mode, String link, FileChannel data) {
        this(rel, kind, mode, link, data, null);
    }

    /** The tree is all there. */
    static final Entry END = new Entry("", Kind.END, 0, null, null);

    /** The reading side failed: the writing side throws what it threw. */
    static Entry failed(IOException why) {
        return new Entry("", Kind.FAILED, 0, null, null, why);
    }
}
