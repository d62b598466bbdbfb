package io.nslab.cli.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.launch.Root;
import io.nslab.cli.cp.NodeCopy;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.NodeInits;
import io.nslab.cli.state.StateDir;
import io.nslab.core.ProcessStamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cp", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Copy files between a node and the machine, like docker cp.",
            "",
            "One of SRC and DEST is NODE:PATH, a path in the node's own view of its files: its overlay or directory root, its mounts, its /tmp and /run (a relative PATH starts at the node's /). The other is a path on the machine. A directory is copied with all below it; symbolic links are copied as links, never followed (a link a node made cannot lead nslab to the machine's files); permission bits are kept, owners are not (copies are root's).",
            "",
            "DEST: when it is a directory that exists, the copy goes into it under SRC's name; otherwise it is made at DEST, whose directory must exist. Devices, sockets and pipes are not copied (each is named on stderr)."},
        footer = {"",
            "Examples:",
            "  # a node's file onto the machine",
            "  sudo nslab cp web:/etc/hostname ./web-hostname",
            "  # a directory into a node of lab ospf (it lands in /etc/frr/extra)",
            "  sudo nslab cp -l ospf ./extra r1:/etc/frr",
            "",
            "Exit codes: 0 copied, 2 no such lab, node or path, or neither (or both) of SRC",
            "and DEST is NODE:PATH, 3 not root, the node is not running, or an I/O error."})
public final class CpCommand implements Callable<Integer> {
    @Mixin LabOption lab = new LabOption();

    @Parameters(index = "0", paramLabel = "SRC", description = "NODE:PATH or a path on the machine")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "a path on the machine or NODE:PATH")
    String dest;

    @Override
    public Integer call() {
        NodePath from = NodePath.parse(source), to = NodePath.parse(dest);
        if ((from == null) == (to == null)) {
            throw NslabException.badInput("nslab cp: " + (from == null ? "neither" : "both") + " of SRC and DEST " + (from == null ? "is" : "are")
                    + " NODE:PATH (one is a node's, the other the machine's; write a machine path with a ':' as ./" + source + ")");
        }
        Root.require("cp");
        StateDir state = Labs.resolve(lab.name());
        NodePath node = from != null ? from : to;
        ProcessStamp init = NodeInits.running(state, node.node());
        try {
            if (from != null) NodeCopy.out(init, node.path(), Path.of(dest), System.err::println);
            else NodeCopy.in(init, Path.of(source), node.path(), System.err::println);
        } catch (java.nio.file.NoSuchFileException e) {
            // No reason: the source is missing (TreeReader); a reason: DEST's directory (TreeWriter).
            boolean inNode = (e.getReason() == null) == (from != null);
            throw NslabException.badInput("nslab cp: " + e.getFile() + ": " + (e.getReason() != null ? e.getReason() : "no such file or directory")
                    + (inNode ? " (in node " + node.node() + ")" : " (on the machine)"));
        } catch (java.nio.file.FileSystemException e) {
            throw NslabException.system("nslab cp: " + e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw NslabException.system("nslab cp: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        return 0;
    }

    /** NODE:PATH: a ':' before any '/', after a node's name (a machine path with a ':' is written ./a:b, as with docker cp). */
    record NodePath(String node, Path path) {
        static NodePath parse(String word) {
            int colon = word.indexOf(':');
            if (colon <= 0 || (word.indexOf('/') >= 0 && word.indexOf('/') < colon)) return null;
            String path = word.substring(colon + 1);
            return new NodePath(word.substring(0, colon), Path.of("/").resolve(path.isEmpty() ? "/" : path));
        }
    }
}
