package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.impair.ImpairJson;
import io.nslab.cli.impair.ImpairState;
import io.nslab.cli.link.LiveLink;
import io.nslab.cli.launch.Root;
import io.nslab.cli.state.Labs;
import io.nslab.cli.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "link", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Change a link of a running lab, at once.",
            "",
            "Without restarting anything: its rate, delay, jitter and loss (both directions, or --direction out|in as seen from NODE:IF), or its state: down (both ends, as a pulled cable; routes through it go) and up (both ends again, the lab's routes put back).",
            "",
            "Values given change only themselves; --clear first removes every impairment of the link. Units as tc writes them: 10mbit, 20ms, 250us, 1%%. Established TCP connections carry on. nslab status LAB shows what is in force."},
        footer = {"",
            "Examples:",
            "  # a far, lossy link to the ISP, both ways",
            "  sudo nslab link isp:eth0 --delay 50ms --loss 2%%",
            "  # slow from isp to its peer only",
            "  sudo nslab link isp:eth0 --rate 1mbit --direction out",
            "  # back to a plain veth",
            "  sudo nslab link isp:eth0 --clear",
            "  # pull the cable (up puts it back)",
            "  sudo nslab link isp:eth0 down",
            "",
            "Exit codes: 0 done, 2 bad input or no such lab, node or interface, 3 the",
            "kernel refused or not root."})
public final class LinkCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LabOption lab = new LabOption();

    @Parameters(index = "0", paramLabel = "NODE:IF", description = "an interface of a node (host:IF for the lab's host side)")
    String endpoint;

    @Parameters(index = "1", arity = "0..1", paramLabel = "down|up", description = "set the link down or up instead")
    String state;

    @Option(names = "--rate", paramLabel = "RATE", description = "at most this many bits a second: 10mbit, 512kbit")
    String rate;

    @Option(names = "--delay", paramLabel = "TIME", description = "one-way delay: 20ms adds 40 ms to a round trip")
    String delay;

    @Option(names = "--jitter", paramLabel = "TIME", description = "the delay varies by up to this much either way (uniform)")
    String jitter;

    @Option(names = "--loss", paramLabel = "PERCENT", description = "drop this share of packets: 1%%, 0.5%%")
    String loss;

    @Option(names = "--clear", description = "remove the link's impairments (before applying any values given)")
    boolean clear;

    @Option(names = "--direction", paramLabel = "out|in|both", description = "out: what NODE:IF sends; in: what it receives (default: both)")
    String direction = "both";

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        boolean values = rate != null || delay != null || jitter != null || loss != null || clear;
        if (state != null && !state.equals("down") && !state.equals("up")) {
            throw NslabException.badInput("nslab: \"" + state + "\" is not down or up");
        }
        if (state != null && values) throw NslabException.badInput("nslab: give either down|up or impairment options, not both");
        if (state == null && !values) {
            throw NslabException.badInput("nslab: nothing to change: give --rate, --delay, --jitter, --loss, --clear, or down|up (see nslab link --help)");
        }
        if (!List.of("out", "in", "both").contains(direction)) throw NslabException.badInput("nslab: --direction is out, in or both");
        LiveLink.Change change = state == null ? LiveLink.Change.parse(rate, delay, jitter, loss, clear) : null;
        Root.require("link");
        StateDir dir = Labs.resolve(lab.name());
        PrintWriter out = spec.commandLine().getOut();
        LiveLink.locked(dir, endpoint, (live, ends) -> {
            if (state != null) {
                live.setState(ends, state.equals("up"));
                if (json.on()) out.println("{\"endpoint\":" + ImpairJson.quoted(endpoint) + ",\"state\":\"" + state + "\"}");
                else out.println(endpoint + ": link " + state + " (both ends)");
            } else {
                List<ImpairState.Row> rows = live.impair(ends, change, !direction.equals("in"), !direction.equals("out"));
                if (json.on()) {
                    ObjectNode o = JsonNodeFactory.instance.objectNode().put("endpoint", endpoint);
                    ArrayNode a = o.putArray("impairments");
                    rows.forEach(r -> a.add(ImpairJson.of(r)));
                    out.println(o);
                } else {
                    for (ImpairState.Row r : rows) out.println(endpoint + " " + r.direction() + ": " + r.impairment().describe() + via(r));
                }
            }
            return null;
        });
        out.flush();
        return ExitCode.OK;
    }

    private static String via(ImpairState.Row r) {
        if (ImpairState.Via.NETEM.equals(r.via())) return " (netem)";
        if (r.delayLine()) return " (nslab's delay line: this kernel has no netem)";
        return "";
    }

}
