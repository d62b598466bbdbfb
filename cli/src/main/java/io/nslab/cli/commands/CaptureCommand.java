package io.nslab.cli.commands;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.capture.Capture;
import io.nslab.cli.capture.CaptureRun;
import io.nslab.cli.capture.Durations;
import io.nslab.cli.capture.Tap;
import io.nslab.cli.capture.TapCount;
import io.nslab.cli.capture.Targets;
import io.nslab.cli.capture.bpf.FilterParser;
import io.nslab.cli.capture.bpf.Program;
import io.nslab.cli.launch.Root;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.state.Labs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "capture", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Capture packets on interfaces of a running lab.",
            "",
            "Both directions, several interfaces at once: into a pcapng file (one interface per target, named NODE:IF), streamed to Wireshark or tshark, or one line per packet.",
            "",
            "TARGET: NODE:IF, NODE (all its interfaces), a bridge (all its ports), a link NODE:IF-NODE:IF; host:IF for the host side's own. Ends on Ctrl-C, -c, --duration, or when the lab goes down.",
            "",
            "Filters (-f): ip ip6 arp icmp icmp6 tcp udp, [src|dst] host A.B.C.D, [tcp|udp] [src|dst] port N, joined with and, or, not and parentheses; compiled to classic BPF and run in the kernel."},
        footer = {"",
            "Examples:",
            "  # one line per packet, until Ctrl-C",
            "  sudo nslab capture web:eth0",
            "  # 20 packets (10 s at most) of three targets into a file for Wireshark",
            "  sudo nslab capture -w ping.pcapng client web nslab0 -c 20 --duration 10s",
            "  # stream into tshark until Ctrl-C (or into Wireshark: wireshark -k -i -)",
            "  sudo nslab capture -l bridge web:eth0 -w - | tshark -i -",
            "  # MASQUERADE seen on both sides, until Ctrl-C",
            "  sudo nslab capture host:wan0 host:nslab0 -f icmp",
            "  # one JSON object per packet until Ctrl-C, then the counts",
            "  sudo nslab capture --json web -f 'tcp port 80'",
            "  # the classic BPF program of a filter, as tcpdump -d",
            "  nslab capture --dump-filter -f 'tcp port 80'",
            "",
            "Exit codes: 0 done, 2 bad input (no such lab or target, a bad filter), 3 the",
            "system refused."})
public final class CaptureCommand implements Callable<Integer> {
    /** tcpdump's default: whole packets, even a 64 KiB TCP segment on a veth. */
    static final int DEFAULT_SNAPLEN = 262144;

    @Spec CommandSpec spec;

    @Mixin LabOption lab = new LabOption();

    @Option(names = "--all", description = "every interface of the lab (the nodes', and the host side's that are not bridge ports)")
    boolean all;

    @Option(names = "-w", paramLabel = "FILE", description = "write pcapng to FILE; - streams it to stdout, flushed per packet")
    String write;

    @Option(names = "-c", paramLabel = "COUNT", description = "stop after COUNT packets (all targets together)")
    long count;

    @Option(names = "--duration", paramLabel = "D", description = "stop after D (e.g. 500ms, 10s, 2m)")
    String duration;

    @Option(names = "--snaplen", paramLabel = "N", description = "keep at most N bytes of each packet (default: ${DEFAULT-VALUE})")
    int snaplen = DEFAULT_SNAPLEN;

    @Option(names = "-f", paramLabel = "FILTER", description = "keep only packets matching FILTER (see below)")
    String filter;

    @Option(names = "--dump-filter", description = "print the filter's classic BPF program (as tcpdump -d) and exit")
    boolean dumpFilter;

    @Option(names = "--json", description = "one JSON object per packet (time, interface, direction, protocol, addresses,"
            + " ports...) and a last one with the counts; with -w FILE, only the counts")
    boolean json;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "what to capture on")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (snaplen < 64 || snaplen > DEFAULT_SNAPLEN) throw NslabException.badInput("nslab capture: --snaplen must be 64 to " + DEFAULT_SNAPLEN);
        if (count < 0) throw NslabException.badInput("nslab capture: -c must be positive");
        if (json && "-".equals(write)) throw NslabException.badInput("nslab capture: --json and -w - both want stdout: choose one");
        Program program = compile(filter, snaplen);
        if (dumpFilter) {
            if (program == null) throw NslabException.badInput("nslab capture: --dump-filter needs a filter (-f FILTER)");
            spec.commandLine().getOut().print(program.dump());
            spec.commandLine().getOut().flush();
            return 0;
        }
        Capture.Limits limits = new Capture.Limits(count, duration == null ? null : parseDuration(duration));
        if (targets.isEmpty() && !all) throw NslabException.badInput("nslab capture: say what to capture on: TARGET... or --all (see --help)");
        Root.require("capture");
        RunningLab running = RunningLab.of(Labs.resolve(lab.name()));
        List<Tap> taps;
        try {
            Targets known = new Targets(running.plan());
            taps = all ? known.all() : known.resolve(targets);
        } catch (IllegalArgumentException e) {
            throw NslabException.badInput("nslab capture: " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Capture capture = Capture.open(taps, program, snaplen)) {
            CaptureRun run = new CaptureRun(capture, running.state(), err);
            run.register();
            // On stderr, as tcpdump's "listening on": stdout may be the capture itself.
            err.println("nslab capture: capturing on " + String.join(", ", taps.stream().map(Tap::name).toList())
                    + (filter == null ? "" : " (filter: " + filter + ")") + "; Ctrl-C to stop");
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            if (write == null && json) {
                run.json(out, limits);
            } else if (write == null) {
                run.lines(out, limits);
            } else {
                List<TapCount> counts = run.pcapng(output(write), write.equals("-"), limits);
                if (json) {
                    out.println(CaptureRun.reportJson(counts));
                    out.flush();
                }
            }
        }
        return 0;
    }

    /** The filter's program, or null without one; a bad filter is bad input. */
    public static Program compile(String filter, int snaplen) {
        if (filter == null) return null;
        try {
            return Program.compile(FilterParser.parse(filter), snaplen);
        } catch (IllegalArgumentException e) {
            throw NslabException.badInput("nslab capture: bad filter \"" + filter + "\": " + e.getMessage());
        }
    }

    private static java.time.Duration parseDuration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw NslabException.badInput("nslab capture: --duration: " + e.getMessage());
        }
    }

    private static WritableByteChannel output(String write) throws IOException {
        if (write.equals("-")) return new FileOutputStream(FileDescriptor.out).getChannel();
        Path file = Path.of(write);
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new NslabException(ExitCode.BAD_INPUT, "nslab capture: cannot write " + file + ": " + e.getMessage());
        }
    }
}
