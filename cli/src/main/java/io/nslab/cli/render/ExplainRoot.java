package io.nslab.cli.render;

import java.util.ArrayList;
import java.util.List;

import io.nslab.topology.model.Mount;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.NodeFile;
import io.nslab.topology.plan.Steps.StartNode;

/**
 * A node's root, mounts and files in {@link ExplainScript}: the lab's layers tmpfs, and per
 * node a script ({@code $STATE/NODE.root.sh}) its shell runs inside the node's mount namespace
 * before its program: what nslab-init's init_root.c does with mount(2) and pivot_root(2).
 */
final class ExplainRoot {
    private ExplainRoot() {}

    static String[] layersLesson() {
        return new String[] {"The lab's layers: one tmpfs (memory, not disk) where each node with a root of its own",
                "keeps the upper layer of its overlay, everything it writes: ls $STATE/layers/NODE/upper is",
                "what `docker diff` lists. It goes with the lab; an empty layer costs a few inodes."};
    }

    static List<String> mountLayers() {
        return List.of("mkdir -p \"$STATE/layers\"", "mount -t tmpfs -o mode=0700 nslab-layers \"$STATE/layers\"");
    }

    static String unmountLayers() {
        return "  umount -l \"$STATE/layers\" && rmdir \"$STATE/layers\"      # every node's writes, after the nodes";
    }

    /** The comment and commands that write the node's root script; empty for a node with nothing to do. */
    static List<String> rootScript(StartNode s) {
        List<String> out = new ArrayList<>();
        if (!s.ownRoot() && s.mounts().isEmpty()) return out;
        String lower = s.root().equals(Node.ROOT_OVERLAY) ? "/" : s.root();
        out.add("# Node " + s.node() + "'s file system: " + (!s.ownRoot()
                ? "the machine's own (\"root\": \"host\": what it writes reaches the machine), with its mounts."
                : (lower.equals("/") ? "the machine's tree" : "the tree in " + lower)
                + " through an overlay (copy-on-write): reads come from the tree, writes go to its upper layer."));
        out.add("cat > \"$STATE/" + s.node() + ".root.sh\" <<'ROOT'");
        out.add("set -e");
        if (s.ownRoot()) {
            // absolute: after pivot_root the layer is reached through /.old$L
            out.add("L=\"$(realpath \"$(dirname \"$1\")\")/layers/" + s.node() + "\"; R=\"$L/root\"");
            out.add("mkdir -p \"$L/upper\" \"$L/work\" \"$R\"");
            out.add("mount -t overlay overlay -o \"lowerdir=" + lower + ",upperdir=$L/upper,workdir=$L/work\" \"$R\"");
            out.add("mkdir -p \"$R/proc\" \"$R/dev\" && mount --rbind /proc \"$R/proc\"   # the node's own /proc, for now");
            if (lower.equals("/")) out.add("mount --rbind /dev \"$R/dev\"");
            // As init_root.c: the mounts right on the machine's root, each with what is mounted
            // below it, all read-only. A mount point may be a file: a container's /etc/hosts.
            out.add("# The machine's other file systems, read-only: those mounted right on its / (not /proc, /sys, /dev,");
            out.add("# /run, /tmp, nor the lab's layers), each with what is mounted below it. A mount may be a file");
            out.add("# (in a Docker container /etc/hosts is one): its mount point is then an empty file.");
            out.add("top=\"$(findmnt -rn -o ID,TARGET | awk '$2 == \"/\" { id = $1 } END { print id }')\"   # the mount that is the machine's /");
            out.add("findmnt -rn -o ID,PARENT,FSTYPE,SOURCE,TARGET | awk -v top=\"$top\" '$2 == top && $3 != \"nsfs\" \\");
            out.add("    && $4 != \"nslab-layers\" && $5 !~ /^\\/(proc|sys|dev|run|tmp|var\\/run)(\\/|$)/ { print $5 }' | while read -r m; do");
            out.add("  [ -e \"$m\" ] || continue   # hidden under a mount made later above it: the machine cannot reach it either");
            out.add("  if [ -d \"$m\" ]; then mkdir -p \"$R$m\"; elif [ ! -e \"$R$m\" ]; then mkdir -p \"$(dirname \"$R$m\")\" && : > \"$R$m\"; fi");
            out.add("  mount --rbind \"$m\" \"$R$m\"");
            out.add("  findmnt -rn -o TARGET -R \"$R$m\" | while read -r t; do mount -o remount,bind,ro \"$t\"; done");
            out.add("done");
            out.add("cp \"$1/hosts\" \"$1/hostname\" \"$L/\"   # the node's own copies, beside its layer");
            out.add("mkdir -p \"$R/.old\" && cd \"$R\" && pivot_root . .old && cd /   # the overlay becomes /");
            if (!lower.equals("/")) {
                out.add("mount -t tmpfs -o mode=0755 tmpfs /dev && cd /dev && mknod -m 666 null c 1 3 && mknod -m 666 zero c 1 5 \\");
                out.add("  && mknod -m 666 full c 1 7 && mknod -m 666 random c 1 8 && mknod -m 666 urandom c 1 9 && mknod -m 666 tty c 5 0 \\");
                out.add("  && mkdir pts shm && mount -t devpts -o newinstance,ptmxmode=0666 devpts pts && ln -s pts/ptmx ptmx \\");
                out.add("  && mount -t tmpfs -o mode=1777 shm shm && ln -s /proc/self/fd fd && cd /");
            }
            out.add("mkdir -p /sys && mount -t sysfs sysfs /sys");
            out.add("mkdir -p /tmp /run && mount -t tmpfs -o mode=1777 tmpfs /tmp && mount -t tmpfs -o mode=0755 tmpfs /run");
            out.add("mount --bind \"/.old$L/hosts\" /etc/hosts && mount --bind \"/.old$L/hostname\" /etc/hostname");
        }
        String from = s.ownRoot() ? "/.old" : "";
        for (Mount m : s.mounts()) {
            String target = Sh.q(m.target());
            if (m.tmpfs()) {
                out.add((s.ownRoot() ? "mkdir -p " + target + " && " : "") + "mount -t tmpfs tmpfs " + target);
            } else {
                out.add((s.ownRoot() ? "mkdir -p " + target + " && " : "") + "mount --rbind " + Sh.q(from + m.source()) + " " + target
                        + (m.readonly() ? " && mount -o remount,bind,ro " + target : ""));
            }
        }
        for (NodeFile f : s.files()) {
            String path = Sh.q(f.path());
            String dir = f.path().substring(0, Math.max(1, f.path().lastIndexOf('/')));
            out.add("mkdir -p " + Sh.q(dir) + " && printf '%s' " + Sh.q(f.content()) + " > " + path + " && chmod " + f.mode() + " " + path
                    + (f.owner() == null ? "" : " && chown " + Sh.q(f.owner()) + " " + path));
        }
        if (s.ownRoot()) out.add("umount -l /.old && rmdir /.old   # the machine's tree, out of sight");
        out.add("ROOT");
        return out;
    }

    /** A root of a directory's tree (not the machine's). */
    static boolean directoryRoot(StartNode s) {
        return s.ownRoot() && !s.root().equals(Node.ROOT_OVERLAY);
    }

    /**
     * What the node's shell runs before its program ({@code $0}: the node's directory in $STATE):
     * if its root cannot be made the node does not start (its log says why), rather than run on
     * the machine's own files.
     */
    static final String IN_SHELL = "sh \"$0.root.sh\" \"$0\" && ";
}
