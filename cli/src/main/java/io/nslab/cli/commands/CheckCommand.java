package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.check.CheckResult;
import io.nslab.cli.check.Checks;
import io.nslab.cli.launch.Root;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.Labs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Run a lab's checks against the running lab.",
            "",
            "Each check is a probe (ping, tcp, udp, http) made from inside its node's network namespace, or a command (exec) run inside its node, all in parallel. One line per check: PASS or FAIL, how long it took, and on failure why.",
            "",
            "A check waits for the lab to converge: its probe is made again (a ping every 250 ms, a new connection or run of the command after 200 ms) until it passes or its timeout_ms ends (2 s unless the lab file says otherwise; \"retry\": false makes one attempt). A check with \"expect\": \"fail\" passes only when no attempt succeeded within all of its timeout."},
        footer = {"",
            "Examples:",
            "  # run the checks of lab bridge",
            "  sudo nslab check bridge",
            "  # the same, when one lab is up",
            "  sudo nslab check",
            "  # the results as JSON",
            "  sudo nslab check --json bridge",
            "",
            "Exit codes: 0 every check passed, 1 one failed, 2 no such lab, 3 not root."})
public final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LAB", arity = "0..1", description = "the lab (default: the only lab that is up)")
    String lab;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        Root.require("check");
        RunningLab running = RunningLab.of(Labs.resolve(lab));
        List<CheckResult> results = Checks.run(running.plan(), running.state());
        print(spec.commandLine().getOut(), running.plan().lab(), results, json.on());
        return results.stream().allMatch(CheckResult::passed) ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    static void print(PrintWriter out, String lab, List<CheckResult> results, boolean json) throws Exception {
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(toJson(lab, results)));
        } else {
            for (CheckResult r : results) out.println(r.line());
            out.println(results.isEmpty() ? "lab " + lab + " has no checks"
                    : failed == 0 ? "all " + results.size() + " checks passed" : failed + " of " + results.size() + " checks failed");
        }
        out.flush();
    }

    static ObjectNode toJson(String lab, List<CheckResult> results) {
        ObjectNode root = new ObjectMapper().createObjectNode().put("lab", lab)
                .put("passed", results.stream().allMatch(CheckResult::passed));
        ArrayNode checks = root.putArray("checks");
        for (CheckResult r : results) {
            ObjectNode one = checks.addObject().put("index", r.check().index()).put("from", r.check().from()).put("probe", r.check().probe())
                    .put("target", r.check().target()).put("expect_fail", r.check().expect().fail())
                    .put("passed", r.passed()).put("elapsed_ms", r.millis()).put("detail", r.detail());
            if (!r.passed() && r.check().hint() != null) one.put("hint", r.check().hint());
        }
        return root;
    }
}
