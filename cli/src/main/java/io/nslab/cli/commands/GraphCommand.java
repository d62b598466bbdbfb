package io.nslab.cli.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.render.Graphviz;
import io.nslab.topology.graph.LabGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "graph", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Print a lab's topology as a picture.",
            "",
            "The host side, bridges with their subnets, nodes with their addresses, links and shared network namespaces. dot is Graphviz's language, mermaid renders in Markdown (GitHub, GitLab), svg is a picture drawn by Graphviz's `dot` (which must be installed). A lab with more than 12 nodes on a bridge is drawn as stars around its bridges (Graphviz's twopi layout) rather than rows. Needs no root."},
        footer = {"",
            "Examples:",
            "  # DOT on stdout",
            "  nslab graph labs/bridge.json",
            "  # a picture with Graphviz",
            "  nslab graph labs/bridge.json | dot -Tpng > lab.png",
            "  # for a ```mermaid block in Markdown",
            "  nslab graph -f mermaid labs/bridge.json",
            "  # an SVG file",
            "  nslab graph --format svg -o lab.svg labs/bridge.json",
            "  # its nodes (hosts, bridges, nodes) and edges as JSON",
            "  nslab graph --json labs/bridge.json | jq -r '.edges[].label'",
            "",
            "Exit codes: 0 printed, 2 the lab file is bad (or --json with --format), 3 svg",
            "without Graphviz installed."})
public final class GraphCommand implements Callable<Integer> {
    enum Format { dot, mermaid, svg }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the lab file (JSON, or YAML when named .yaml/.yml; see docs/lab-format.md)")
    Path file;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "dot",
            description = "dot, mermaid or svg (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write to OUT instead of stdout")
    Path output;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        if (json.on() && spec.commandLine().getParseResult().hasMatchedOption("--format")) {
            throw NslabException.badInput("nslab graph: give --json or --format, not both");
        }
        LabGraph graph = LabGraph.of(LabFiles.load(file));
        byte[] bytes = json.on() ? (graph.toJson() + "\n").getBytes(StandardCharsets.UTF_8) : switch (format) {
            case dot -> graph.toDot().getBytes(StandardCharsets.UTF_8);
            case mermaid -> graph.toMermaid().getBytes(StandardCharsets.UTF_8);
            case svg -> Graphviz.svg(graph.toDot(), System.getenv("PATH"));
        };
        if (output != null) {
            try {
                Files.write(output, bytes);
            } catch (java.io.IOException e) {
                throw NslabException.badInput("nslab graph: cannot write " + output + ": " + e.getMessage());
            }
            return ExitCode.OK;
        }
        // picocli's writer is for text; svg bytes are UTF-8 text too, so they go the same way.
        spec.commandLine().getOut().print(new String(bytes, StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
