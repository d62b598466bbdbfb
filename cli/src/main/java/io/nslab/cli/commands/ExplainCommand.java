package io.nslab.cli.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.labfile.LabFiles;
import io.nslab.cli.render.ExplainScript;
import io.nslab.cli.rootless.Unsupported;
import io.nslab.topology.plan.PlanCompiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Print a lab as the equivalent shell script.",
            "",
            "The ip, sysctl, nft, unshare and mount commands that build the same namespaces, veths, bridges, addresses, routes, NAT rules and nodes by hand, each step commented with why it is there, NAT rules also in iptables form, and how to tear it all down. nslab itself never runs these commands (it speaks netlink and makes system calls); the script is for reading, and for running as root to learn. Needs no root to print."},
        footer = {"",
            "Examples:",
            "  # read how the lab is built",
            "  nslab explain labs/bridge.json | less",
            "  # build it by hand",
            "  nslab explain labs/bridge.json > b.sh; sudo sh b.sh",
            "  # the host side in the machine's own network namespace",
            "  nslab explain --on-host labs/bridge.json",
            "  # the plan nslab up would carry out, and the script, as JSON",
            "  nslab explain --json labs/bridge.json | jq '.plan.steps | length'",
            "",
            "Exit codes: 0 printed, 2 the lab file is bad."})
public final class ExplainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the lab file (JSON, or YAML when named .yaml/.yml; see docs/lab-format.md)")
    Path file;

    @Option(names = "--on-host", description = "explain `nslab up --on-host`: the host side is the machine's own network namespace")
    boolean onHost;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        var plan = PlanCompiler.compile(Unsupported.adapt(LabFiles.load(file), spec.commandLine().getErr()::println), onHost);
        String script = ExplainScript.render(plan, file.toString());
        if (json.on()) {
            // The plan as plan.json holds it (what up carries out, step by step), beside the script that teaches it.
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode().put("lab", plan.lab()).put("on_host", onHost);
            root.set("plan", mapper.readTree(plan.toJson()));
            root.put("script", script);
            spec.commandLine().getOut().println(mapper.writeValueAsString(root));
        } else {
            spec.commandLine().getOut().print(script);
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
