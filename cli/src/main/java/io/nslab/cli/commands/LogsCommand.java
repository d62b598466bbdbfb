package io.nslab.cli.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.nslab.cli.launch.Root;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.NodeInits;
import io.nslab.cli.state.StateDir;
import io.nslab.core.Nodes;
import io.nslab.core.ProcessStamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Show what a node's run wrote, like docker logs.",
            "",
            "Its standard output and standard error, as the program wrote them (interleaved in the order written), from the start, and nslab-init's own lines about it (\"nslab-init: run exited with status 1\"). A node's run writes to a file in the lab's state directory (/run/nslab/LAB/nodes/NODE.log: in memory, kept whole while the lab is up, removed by down); a node without run has none.",
            "",
            "-f follows: what the program writes next is shown as it comes, until Ctrl-C, or until the node ends (the lab goes down)."},
        footer = {"",
            "Examples:",
            "  # what the name server (node ns of the dns lesson, dnsmasq) said so far",
            "  sudo nslab logs -l dns ns",
            "  # and what it says next, until Ctrl-C",
            "  sudo nslab logs -l dns -f ns",
            "",
            "Exit codes: 0 shown (also for a node without run, which has nothing to show), 2 no such",
            "lab or node, 3 not root."})
public final class LogsCommand implements Callable<Integer> {
    /** How often -f looks for more: what a person watching needs, nearly free for the machine. */
    private static final long FOLLOW_EVERY_MS = 200;

    @Mixin LabOption lab = new LabOption();

    @Option(names = {"-f", "--follow"}, description = "keep showing what the program writes, until Ctrl-C or the node ends")
    boolean follow;

    @Parameters(index = "0", paramLabel = "NODE", description = "the node")
    String node;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Root.require("logs");
        StateDir state = Labs.resolve(lab.name());
        ProcessStamp init = NodeInits.known(state, node);
        Path log = state.nodeLog(node);
        PrintStream out = System.out;
        try (FileChannel file = FileChannel.open(log)) {
            copyNew(file, out);
            // The init writes while it lives: once it has exited, what is there is all there will be.
            while (follow && Nodes.alive(init)) {
                Thread.sleep(FOLLOW_EVERY_MS);
                copyNew(file, out);
            }
            copyNew(file, out);
        } catch (NoSuchFileException e) {
            System.err.println("nslab: node " + node + " has no run: nothing is logged");
        }
        return 0;
    }

    /** Everything written since the last call, copied as bytes (a program's output need not be text). */
    private static void copyNew(FileChannel file, PrintStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (file.read(buf) > 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        out.flush();
    }
}
