package io.nslab.cli.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nslab.sys.NsFiles;
import io.nslab.sys.Sys;

/**
 * The lab's layers: one tmpfs where every node with a root of its own keeps its overlay's
 * upper layer (what it wrote) and work directory, a directory per node, made by its init.
 * In memory rather than on disk: what a node writes is meant to go with the lab, an empty
 * layer costs a few inodes, and tmpfs pages are charged to the memory cgroup of the node that
 * writes them (its limits hold). One mount per lab, not per node: a 1,000-node lab makes one.
 */
public final class NodeLayers {
    /** The tmpfs's source, as mountinfo and {@code findmnt} show it; nslab-init knows it by that. */
    public static final String SOURCE = "nslab-layers";

    private NodeLayers() {}

    /** {@code mount -t tmpfs -o mode=0700 nslab-layers DIR}: readable by root alone (the nodes' writes are theirs). */
    public static void mount(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("create " + dir + ": " + e.getMessage(), e);
        }
        Sys.mount(SOURCE, dir.toString(), "tmpfs", 0, "mode=0700");
    }

    /** Unmounts (lazily: a node not yet gone keeps its view until it ends) and removes the directory; tolerates both gone. */
    public static void unmount(Path dir) {
        NsFiles.unpin(dir, "unmount the nodes' layers " + dir);
    }
}
