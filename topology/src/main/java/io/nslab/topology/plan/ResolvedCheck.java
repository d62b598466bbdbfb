package io.nslab.topology.plan;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.nslab.topology.model.Check;
import io.nslab.topology.model.Expect;

/**
 * A check ready to run. A network probe is made from inside {@code netns} (of node
 * {@code from}, or of the host side when {@code from} is {@code host}) to
 * {@code address}:{@code port}. {@code target} is the probe as written (for reports);
 * {@code httpPath} and {@code url} are set for http only ({@code url} as written; connect to
 * {@code address}, send Host from it).
 *
 * <p>An {@code exec} check runs {@code argv} inside node {@code from}, in all its namespaces
 * (as {@code nslab exec} does); it has no address (null) nor port (0), and {@code netns} is
 * the node's, for reports. Network probes have an empty argv. {@code hint}: the lab file's, or null.
 * {@code retry}: the probe is made again until it passes or its timeout ends (the default), or
 * made once.
 */
public record ResolvedCheck(int index, String from, String netns, String probe, String target, String address, int port,
                            String httpPath, Expect expect, int timeoutMs, List<String> argv, String hint, boolean retry) {
    public ResolvedCheck {
        argv = argv == null ? List.of() : List.copyOf(argv);
    }

    /** One that retries, as the lab file's default. */
    public ResolvedCheck(int index, String from, String netns, String probe, String target, String address, int port,
                         String httpPath, Expect expect, int timeoutMs, List<String> argv, String hint) {
        this(index, from, netns, probe, target, address, port, httpPath, expect, timeoutMs, argv, hint, true);
    }

    /** Without a hint. */
    public ResolvedCheck(int index, String from, String netns, String probe, String target, String address, int port,
                         String httpPath, Expect expect, int timeoutMs, List<String> argv) {
        this(index, from, netns, probe, target, address, port, httpPath, expect, timeoutMs, argv, null);
    }

    /** A network probe. */
    public ResolvedCheck(int index, String from, String netns, String probe, String target, String address, int port,
                         String httpPath, Expect expect, int timeoutMs) {
        this(index, from, netns, probe, target, address, port, httpPath, expect, timeoutMs, List.of());
    }

    @JsonIgnore
    public boolean isExec() { return Check.EXEC.equals(probe); }

    /** One line for reports, e.g. {@code client: http http://web/ (172.20.0.10:80)} or {@code web: exec hostname}. */
    public String describe() {
        String fail = expect.fail() ? ", expect fail" : "";
        if (isExec()) return from + ": exec " + target + fail;
        String to = probe.equals("ping") ? address : address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
        return from + ": " + probe + " " + target + " (" + to + ")" + fail;
    }
}
