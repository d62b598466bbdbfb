package io.nslab.core;

import java.nio.file.Path;
import java.util.List;

/**
 * A node's file system beyond its namespaces, made by its init in the node's own mount
 * namespace (nslab-init's init_root.c).
 *
 * @param lower   the tree the node sees copy-on-write: "/" (the machine's) or a directory;
 *                null: the machine's tree itself, writes reaching the machine
 * @param layer   where the node's overlay keeps its upper and work directories (on the lab's
 *                layers tmpfs); null when {@code lower} is
 * @param mounts  bind mounts and tmpfs in the node's view, in order
 * @param files   files written in the node's view after the mounts (only with a lower tree)
 */
public record NodeRoot(String lower, Path layer, List<Mount> mounts, List<File> files) {
    /** The machine's tree, nothing added: a node as it was before roots. */
    public static final NodeRoot HOST = new NodeRoot(null, null, List.of(), List.of());

    /** {@code source} null: a tmpfs of the node's own. */
    public record Mount(String source, String target, boolean readonly) {}

    /** {@code mode} octal; {@code owner} "USER[:GROUP]" or null (root). */
    public record File(String path, String content, String mode, String owner) {}

    public NodeRoot {
        if ((lower == null) != (layer == null)) throw new IllegalArgumentException("a root needs both its tree and its layer");
        if (lower == null && !files.isEmpty()) throw new IllegalArgumentException("files need a root of the node's own");
        mounts = List.copyOf(mounts);
        files = List.copyOf(files);
    }

    /** A directory's tree (not the machine's): it gets a minimal /dev of its own. */
    public boolean ownDev() { return lower != null && !lower.equals("/"); }

    /** nslab-init init's options for this root. */
    List<String> initOptions() {
        List<String> argv = new java.util.ArrayList<>();
        if (lower != null) argv.addAll(List.of("--root", lower, layer.toString()));
        if (ownDev()) argv.add("--own-dev");
        for (Mount m : mounts) {
            if (m.source() == null) argv.addAll(List.of("--tmpfs", m.target()));
            else argv.addAll(List.of("--bind", m.source(), m.target(), m.readonly() ? "ro" : "rw"));
        }
        for (File f : files) argv.addAll(List.of("--file", f.path(), f.mode(), f.owner() == null ? "" : f.owner(), f.content()));
        return argv;
    }
}
