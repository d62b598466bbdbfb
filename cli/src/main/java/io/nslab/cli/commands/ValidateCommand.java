package io.nslab.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.topology.parse.LabError;
import io.nslab.topology.LabException;
import io.nslab.topology.LabParser;
import io.nslab.topology.model.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Check a lab file without building it.",
            "",
            "Syntax, every key and type, names, subnets and addresses, links, shared namespaces, routes, published ports, services and checks. Silent when the file is good; otherwise every error at once, one per line, as FILE: PATH: what is wrong (PATH is a JSON path, or line and column for a file that does not parse). Needs no root."},
        footer = {"",
            "Examples:",
            "  # the file is good: exit 0, no output",
            "  nslab validate labs/bridge.json",
            "  # a one-line summary: bridge: 3 nodes, 1 bridge, ...",
            "  nslab validate -v labs/bridge.json",
            "  # the errors as JSON ({\"errors\":[]} for a good file)",
            "  nslab validate --json labs/bridge.json",
            "  # a lab in YAML: the same rules and messages",
            "  nslab validate labs/bridge.yaml",
            "",
            "Exit codes: 0 the file is good, 2 it is not (or cannot be read)."})
public final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the lab file (JSON, or YAML when named .yaml/.yml; see docs/lab-format.md)")
    Path file;

    @Option(names = {"-v", "--verbose"}, description = "on success, print a one-line summary of the lab")
    boolean verbose;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        Lab lab;
        try {
            lab = LabParser.parse(file);
        } catch (LabException e) {
            if (!json.on()) {
                spec.commandLine().getErr().println(e.getMessage());
                return ExitCode.BAD_INPUT;
            }
            printJson(e.errors());
            return ExitCode.BAD_INPUT;
        }
        if (json.on()) printJson(List.of());
        else if (verbose) spec.commandLine().getOut().println(summary(lab));
        return ExitCode.OK;
    }

    private void printJson(List<LabError> errors) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("errors");
        for (LabError e : errors) array.addObject().put("path", e.path()).put("message", e.message());
        spec.commandLine().getOut().println(mapper.writeValueAsString(root));
    }

    static String summary(Lab lab) {
        return lab.name() + ": " + count(lab.nodes().size(), "node") + ", " + count(lab.bridges().size(), "bridge") + ", "
                + count(lab.links().size(), "link") + ", " + count(lab.checks().size(), "check");
    }

    private static String count(int n, String what) { return n + " " + what + (n == 1 ? "" : "s"); }
}
