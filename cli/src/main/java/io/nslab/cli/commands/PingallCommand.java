package io.nslab.cli.commands;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.launch.Root;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.probe.PairSample;
import io.nslab.cli.probe.PingMatrix;
import io.nslab.cli.probe.Pingall;
import io.nslab.cli.render.PingMatrixView;
import io.nslab.cli.state.Labs;
import io.nslab.cli.probe.PingTargets;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.StateDir;
import io.nslab.topology.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pingall", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Ping every node of a lab from every other node.",
            "",
            "Each node pings the first address of every other node, from inside its own network namespace, all at once (one ICMP socket per node, no process per ping), and prints who reached whom: one line per node, listing the nodes it reached and X for each it did not, then why each failure failed. --family 6 pings the nodes' IPv6 addresses (ICMPv6) from the nodes that have one; --family both does IPv4, then IPv6. LAB may be left out when one lab is up.",
            "",
            "A big lab has too many pairs (10,000 nodes: 100 million): --sample N pings N of them drawn at random, and prints the failures and the count with the seed of the draw; --seed S draws the same pairs again."},
        footer = {"",
            "Examples:",
            "  # the lab that is up",
            "  sudo nslab pingall",
            "  # every pair as JSON, for scripts",
            "  sudo nslab pingall bridge --json",
            "  # give each ping 500 ms",
            "  sudo nslab pingall --timeout 500",
            "  # over IPv6, then over both families",
            "  sudo nslab pingall --family 6",
            "  sudo nslab pingall --family both",
            "  # 10000 pairs drawn at random (a big lab); the seed printed draws them again",
            "  sudo nslab pingall --sample 10000",
            "  sudo nslab pingall --sample 10000 --seed 42",
            "",
            "Exit codes: 0 every pair answered, 1 some did not, 2 no such lab, 3 the",
            "system refused."})
public final class PingallCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LAB", arity = "0..1", description = "the lab (default: the only lab that is up)")
    String lab;

    @Mixin JsonOption json = new JsonOption();

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "2000", description = "how long each ping may take, in milliseconds (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    @Option(names = "--family", paramLabel = "4|6|both", defaultValue = "4",
            description = "ping the nodes' IPv4 addresses, their IPv6 addresses, or both, one after the other (default: ${DEFAULT-VALUE})")
    String family;

    @Option(names = "--sample", paramLabel = "N", description = "ping only N pairs, drawn at random (each pair as likely as any other, none twice); prints the failures and the count, not the matrix")
    Integer sample;

    @Option(names = "--seed", paramLabel = "S", description = "with --sample: the seed of the draw; the same seed on the same lab draws the same pairs (default: a new one, printed)")
    Long seed;

    @Override
    public Integer call() {
        if (timeoutMs <= 0) throw NslabException.badInput("nslab pingall: --timeout must be a positive number of milliseconds");
        List<Integer> families = switch (family) {
            case "4" -> List.of(4);
            case "6" -> List.of(6);
            case "both" -> List.of(4, 6);
            default -> throw NslabException.badInput("nslab pingall: --family is 4, 6 or both, not '" + family + "'");
        };
        if (sample != null && sample <= 0) throw NslabException.badInput("nslab pingall: --sample must be a positive number of pairs");
        if (seed != null && sample == null) throw NslabException.badInput("nslab pingall: --seed draws a --sample: give --sample N too");
        long draw = seed != null ? seed : new Random().nextLong(); // one seed for both families: one to print, one to repeat
        Root.require("pingall");
        StateDir dir = Labs.resolve(lab);
        Plan plan = RunningLab.of(dir).plan();
        var out = spec.commandLine().getOut();
        boolean allOk = true;
        for (int f : families) {
            PingTargets targets = PingTargets.of(plan, f);
            long start = System.nanoTime();
            PairSample drawn = sample == null ? null : PairSample.draw(List.copyOf(targets.sources().keySet()),
                    List.copyOf(targets.addresses().keySet()), sample, draw);
            PingMatrix matrix = drawn == null ? Pingall.run(targets.sources(), targets.addresses(), Duration.ofMillis(timeoutMs), targets)
                    : Pingall.run(targets.sources(), targets.addresses(), drawn.pairs(), Duration.ofMillis(timeoutMs), targets);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            // One result per family: a JSON document (with its family) or a block of text, headed when there are two.
            if (json.on()) out.print(PingMatrixView.json(dir.lab(), matrix, drawn, targets.addresses(), elapsed, f));
            else out.print((families.size() > 1 ? "IPv" + f + ":\n" : "")
                    + (drawn == null ? PingMatrixView.text(matrix, elapsed) : PingMatrixView.text(matrix, drawn, elapsed)));
            allOk &= matrix.allOk();
        }
        out.flush();
        return allOk ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
}
