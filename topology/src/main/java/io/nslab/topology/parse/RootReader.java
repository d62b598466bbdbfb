package io.nslab.topology.parse;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Mount;
import io.nslab.topology.model.Node;
import io.nslab.topology.model.NodeFile;

/**
 * A node's file system keys: {@code root} ("overlay", "host" or a directory), {@code mounts}
 * and {@code files}. Paths on the machine are relative to the lab file's directory
 * ({@code base}); what they name must exist when the file is read, so nothing is made for a
 * lab that cannot come up.
 */
final class RootReader {
    /** nslab-init takes this many of each (and a mount or file more is a lab no one reads). */
    static final int MAX_MOUNTS = 32, MAX_FILES = 128;
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?");

    record Result(String root, List<Mount> mounts, List<NodeFile> files) {}

    private final Problems problems;
    private final Path base;

    RootReader(Problems problems, Path base) {
        this.problems = problems;
        this.base = base;
    }

    /** {@code ownMounts}: the node has a mount namespace of its own (without one, only "host" makes sense). */
    Result read(Obj o, boolean ownMounts) {
        String root = root(o, ownMounts);
        List<Mount> mounts = mounts(o, Node.ROOT_HOST.equals(root));
        List<NodeFile> files = files(o, mounts);
        if (!ownMounts && (!mounts.isEmpty() || !files.isEmpty())) {
            problems.add(o.path(mounts.isEmpty() ? "files" : "mounts"),
                    "needs a mount namespace of the node's own: add \"mnt\" to namespaces");
        }
        if (Node.ROOT_HOST.equals(root) && !files.isEmpty()) {
            problems.add(o.path("files"), "with \"root\": \"host\" they would be written on the machine; "
                    + "use the default root (\"overlay\") or a directory");
        }
        return new Result(root, mounts, files);
    }

    private String root(Obj o, boolean ownMounts) {
        String root = o.string("root");
        if (root == null) return ownMounts ? Node.ROOT_OVERLAY : Node.ROOT_HOST;
        String path = o.path("root");
        if (root.equals(Node.ROOT_HOST)) return root;
        if (!ownMounts) {
            problems.add(path, "a root of the node's own needs a mount namespace of its own: add \"mnt\" to namespaces, or say \"host\"");
            return Node.ROOT_HOST;
        }
        if (root.equals(Node.ROOT_OVERLAY)) return root;
        if (root.isEmpty() || root.indexOf(',') >= 0 || root.indexOf(':') >= 0 || root.indexOf('\\') >= 0) {
            problems.add(path, "\"" + root + "\" is not a root: \"overlay\" (the default), \"host\", or a directory "
                    + "whose path has no , : or \\ (overlayfs options cannot hold them)");
            return Node.ROOT_OVERLAY;
        }
        Path dir = base.resolve(root).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            problems.add(path, "\"" + root + "\" (" + dir + ") is not a directory: a root is a tree like one debootstrap makes");
            return Node.ROOT_OVERLAY;
        }
        return dir.toString().equals("/") ? Node.ROOT_OVERLAY : dir.toString();
    }

    /** {@code hostRoot}: the node sees the machine's tree, where nslab makes no missing target. */
    private List<Mount> mounts(Obj o, boolean hostRoot) {
        List<JsonNode> a = o.array("mounts", "of mounts, like { \"source\": \"shared/\", \"target\": \"/srv\", \"readonly\": true }");
        List<Mount> out = new ArrayList<>();
        if (a == null) return out;
        if (a.size() > MAX_MOUNTS) problems.add(o.path("mounts"), "more than " + MAX_MOUNTS + " mounts");
        for (int i = 0; i < a.size() && i < MAX_MOUNTS; i++) {
            Obj m = Obj.of(a.get(i), Problems.index(o.path("mounts"), i), problems, "a mount", List.of("type", "source", "target", "readonly"));
            if (m == null) continue;
            String type = m.string("type");
            String source = m.string("source");
            String target = nodePath(m.requiredString("target", "where the mount goes in the node, like \"/srv\""), m.path("target"));
            Boolean readonly = m.bool("readonly");
            if (type != null && !type.equals("bind") && !type.equals("tmpfs")) {
                problems.add(m.path("type"), "\"" + type + "\" is not a mount type: \"bind\" (the default with a source) or \"tmpfs\"");
                continue;
            }
            boolean tmpfs = "tmpfs".equals(type);
            if (tmpfs && source != null) problems.add(m.path("source"), "a tmpfs has no source: it is a new, empty file system");
            if (tmpfs && Boolean.TRUE.equals(readonly)) problems.add(m.path("readonly"), "a tmpfs is the node's own and empty: readonly would leave it useless");
            if (!tmpfs && source == null && !m.has("source")) m.missing("source", "a bind mount needs what it shows, like \"shared/\" (or \"type\": \"tmpfs\")");
            String machine = tmpfs || source == null ? null : machinePath(source, m.path("source"));
            if (hostRoot && target != null && !Mount.onMachine(target)) {
                problems.add(m.path("target"), target + " does not exist on the machine, and with \"root\": \"host\" the node sees the "
                        + "machine's tree, where nslab makes nothing: create it, or give the node a root of its own");
            }
            if (target != null && (tmpfs || machine != null)) out.add(new Mount(machine, target, readonly != null && readonly));
        }
        return out;
    }

    private List<NodeFile> files(Obj o, List<Mount> mounts) {
        Map<String, JsonNode> m = o.members("files", "path in the node -> its text, or { content | source, mode, owner }");
        List<NodeFile> out = new ArrayList<>();
        if (m == null) return out;
        if (m.size() > MAX_FILES) problems.add(o.path("files"), "more than " + MAX_FILES + " files");
        m.forEach((name, v) -> {
            String path = Problems.key(o.path("files"), name);
            String target = nodePath(name, path);
            NodeFile f = file(v, path, target);
            if (f == null || target == null || out.size() >= MAX_FILES) return;
            for (Mount mount : mounts) {
                if (mount.readonly() && under(target, mount.target())) {
                    problems.add(path, "is under the read-only mount on " + mount.target() + ": it could not be written");
                    return;
                }
            }
            out.add(f);
        });
        return out;
    }

    private NodeFile file(JsonNode v, String path, String target) {
        if (v != null && v.isTextual()) return new NodeFile(target, text(v.textValue(), path), "0644", null);
        Obj f = Obj.of(v, path, problems, "a file: its text, or { content | source, mode, owner }", List.of("content", "source", "mode", "owner"));
        if (f == null) return null;
        String content = f.string("content");
        String source = f.string("source");
        if (!f.has("content") && !f.has("source")) {
            problems.add(path, "needs its text: \"content\" or \"source\" (a file, relative to the lab file)");
            return null;
        }
        if (f.has("content") && f.has("source")) {
            problems.add(path, "has both content and source: give one");
            return null;
        }
        if (source != null) {
            String machine = machinePath(source, f.path("source"));
            content = machine == null ? null : read(Path.of(machine), f.path("source"));
        }
        content = content == null ? null : text(content, f.has("source") ? f.path("source") : f.path("content"));
        String mode = f.string("mode");
        if (mode != null && !MODE.matcher(mode).matches()) {
            problems.add(f.path("mode"), "\"" + mode + "\" is not a file mode: octal, like \"0640\"");
            mode = null;
        }
        String owner = f.string("owner");
        if (owner != null && !OWNER.matcher(owner).matches()) {
            problems.add(f.path("owner"), "\"" + owner + "\" is not an owner: USER or USER:GROUP, names or numbers, like \"frr:frr\"");
            owner = null;
        }
        if (content == null) return null;
        return new NodeFile(target, content, mode == null ? "0644" : mode.length() == 3 ? "0" + mode : mode, owner);
    }

    /** Text nslab-init can carry in one argument. */
    private String text(String content, String path) {
        if (content.indexOf('\0') >= 0) {
            problems.add(path, "holds a NUL byte: files are text");
            return null;
        }
        if (content.getBytes(StandardCharsets.UTF_8).length >= LabReader.MAX_ARG) {
            problems.add(path, "is longer than " + (LabReader.MAX_ARG / 1024) + " KiB: a bigger file goes in a bind mount");
            return null;
        }
        return content;
    }

    private String read(Path file, String path) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            problems.add(path, file + " is not UTF-8 text");
        } catch (IOException e) {
            problems.add(path, "cannot read " + file + ": " + e.getMessage());
        }
        return null;
    }

    /** An absolute path in the node, without . or .. (which could lead out of where it is meant to be). */
    private String nodePath(String p, String path) {
        if (p == null) return null;
        if (!p.startsWith("/")) {
            problems.add(path, "\"" + p + "\" must be an absolute path in the node, like \"/etc/frr/frr.conf\"");
            return null;
        }
        if (p.equals("/") || p.indexOf('\0') >= 0 || List.of(p.split("/")).stream().anyMatch(c -> c.equals("..") || c.equals("."))) {
            problems.add(path, "\"" + p + "\" must name a path below / with no . or .. in it");
            return null;
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** A path on the machine (relative to the lab file's directory) that exists, made absolute. */
    private String machinePath(String p, String path) {
        if (p.isEmpty() || List.of(p.split("/")).contains("..") && !p.startsWith("/")) {
            problems.add(path, "\"" + p + "\" must be a path in the lab file's directory (no ..) or an absolute one");
            return null;
        }
        Path file = base.resolve(p).toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            problems.add(path, "\"" + p + "\" (" + file + ") does not exist");
            return null;
        }
        return file.toString();
    }

    private static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }
}
