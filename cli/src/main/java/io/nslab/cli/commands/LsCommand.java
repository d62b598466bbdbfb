package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.Invocation;
import io.nslab.cli.ExitCode;
import io.nslab.cli.Root;
import io.nslab.cli.render.LabView;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.render.Table;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ls", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"List the labs that are up.",
            "",
            "One line per lab: its name, nodes, where the host side is, how long it has been up, and whether its services supervisor runs. A lab whose up crashed is listed too, until nslab down removes it; so is a lab whose state this nslab cannot read (marked UNREADABLE; nslab down still removes it)."},
        footer = {"",
            "Examples:",
            "  # the labs that are up",
            "  sudo nslab ls",
            "  # the same as JSON (\"readable\": false for a lab whose state cannot be read)",
            "  sudo nslab ls --json",
            "",
            "Exit codes: 0 listed (no lab up is not an error), 3 not root."})
public final class LsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        // A lab's state directory is root's alone (0700): without root every lab would look UNREADABLE.
        Root.require("ls");
        PrintWriter out = spec.commandLine().getOut();
        Table t = new Table("LAB", "NODES", "HOST SIDE", "UP FOR", "SERVICES");
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode array = root.putArray("labs");
        for (String name : Labs.directories()) {
            StateDir state = StateDir.of(name);
            RunningLab lab;
            try {
                lab = RunningLab.of(state);
            } catch (RuntimeException e) {
                // One lab's state (another nslab version's, half written) must not hide the others.
                String why = Files.exists(state.plan()) ? "plan.json unreadable (written by another nslab version?)"
                        : "no plan.json (an up under way, or one that crashed)";
                t.row(name, "?", "UNREADABLE: " + why, "?", "?");
                array.addObject().put("lab", name).put("readable", false).put("problem", why);
                continue;
            }
            long upMs = Duration.between(Files.getLastModifiedTime(state.plan()).toInstant(), Instant.now()).toMillis();
            String services = !LabView.hasServices(lab.plan()) ? "none"
                    : lab.supervisor().map(p -> p.alive() ? "running" : "DEAD").orElse("not started");
            String host = lab.plan().onHost() ? "on host" : "netns " + lab.plan().hostNetns();
            t.row(name, lab.plan().nodes().size(), host, upMs / 1000 + " s", services);
            array.addObject().put("lab", name).put("readable", true).put("nodes", lab.plan().nodes().size()).put("on_host", lab.plan().onHost())
                    .put("host_netns", lab.plan().hostNetns()).put("up_ms", upMs).put("services", services);
        }
        if (json.on()) out.println(new ObjectMapper().writeValueAsString(root));
        else if (array.isEmpty()) out.println("no lab is up (start one with: " + Invocation.sudo("up FILE") + ")");
        else out.print(t);
        out.flush();
        return ExitCode.OK;
    }
}
