package io.nslab.cli.check;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import io.nslab.cli.probe.ExecCheck;
import io.nslab.cli.probe.PingTargets;
import io.nslab.cli.probe.ProbeEntries;
import io.nslab.cli.probe.Probe;
import io.nslab.cli.probe.ProbeResult;
import io.nslab.cli.probe.Prober;
import io.nslab.cli.state.StateDir;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.ResolvedCheck;

/**
 * Runs a lab's checks against the running lab: the network probes from inside their
 * {@code from} node's network namespace, all of them in parallel, by one {@link Prober}; the
 * exec checks as commands inside their node ({@link ExecCheck}), alongside.
 *
 * <p>A check waits for the lab to converge: its probe is made again until it passes or its
 * timeout ends (unless it says {@code "retry": false}). So a check that expects failure passes
 * only when no attempt succeeded within all of its timeout, and takes all of it.
 */
public final class Checks {
    private Checks() {}

    /** Runs the checks; {@code exec} starts the commands of exec checks inside their nodes. */
    public static List<CheckResult> run(List<ResolvedCheck> checks, ExecCheck.Launcher exec) {
        return run(checks, exec, null);
    }

    /**
     * A running lab's checks: its exec checks run in its nodes (nslab-init exec), and its tcp, udp
     * and http probes, too many for the kernel's neighbour table at once, take turns (see
     * {@code ChannelWindow}: the lab's nodes are known from its plan).
     */
    public static List<CheckResult> run(Plan plan, StateDir state) {
        return run(plan.checks(), new NodeExec(state, plan), PingTargets.of(plan));
    }

    private static List<CheckResult> run(List<ResolvedCheck> checks, ExecCheck.Launcher exec, PingTargets targets) {
        List<ResolvedCheck> network = checks.stream().filter(c -> !c.isExec()).toList();
        List<ResolvedCheck> commands = checks.stream().filter(ResolvedCheck::isExec).toList();
        // The commands run on their own threads while the prober works.
        CompletableFuture<List<ExecCheck.Verdict>> ran = commands.isEmpty() ? CompletableFuture.completedFuture(List.of())
                : CompletableFuture.supplyAsync(() -> ExecCheck.runAll(exec, commands), Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "exec-checks");
                    t.setDaemon(true);
                    return t;
                }));
        List<Probe> probes = new ArrayList<>();
        for (ResolvedCheck c : network) probes.add(probe(c));
        List<ProbeResult> probed;
        if (probes.isEmpty()) {
            probed = List.of();
        } else {
            try (Prober prober = Prober.open()) {
                probed = targets == null ? prober.runAll(probes) : prober.runAll(probes, ProbeEntries.of(targets,
                        network.stream().map(ResolvedCheck::from).toList(), network.stream().map(ResolvedCheck::address).toList()));
            }
        }
        List<ExecCheck.Verdict> executed = ran.join();
        List<CheckResult> out = new ArrayList<>();
        int n = 0, e = 0;
        for (ResolvedCheck c : checks) out.add(c.isExec() ? judge(c, executed.get(e++)) : judge(c, probed.get(n++)));
        return out;
    }

    /** A command that could not be run at all fails its check, whatever it expects. */
    static CheckResult judge(ResolvedCheck c, ExecCheck.Verdict v) {
        if (!v.ran()) return new CheckResult(c, false, v.result().elapsed().toMillis(), v.result().detail());
        return judge(c, v.result());
    }

    static CheckResult judge(ResolvedCheck c, ProbeResult r) {
        long ms = r.elapsed().toMillis();
        if (!c.expect().fail()) return new CheckResult(c, r.ok(), ms, r.detail());
        return r.ok()
                ? new CheckResult(c, false, ms, "expected to fail, but it worked (" + r.detail() + ")")
                : new CheckResult(c, true, ms, "failed as expected (" + r.detail() + ")");
    }

    static Probe probe(ResolvedCheck c) {
        String ns = NetnsName.path(c.netns());
        Duration timeout = Duration.ofMillis(c.timeoutMs());
        InetAddress address = ipv4(c.address());
        switch (c.probe()) {
            case "ping": return new Probe.Ping(ns, address, timeout, c.retry());
            case "tcp": return new Probe.Tcp(ns, new InetSocketAddress(address, c.port()), timeout, c.retry());
            case "udp": return new Probe.Udp(ns, new InetSocketAddress(address, c.port()), timeout, c.retry());
            case "http": return new Probe.Http(ns, URI.create(c.target()), address, c.expect().status(), c.expect().bodyContains(), timeout,
                    c.retry());
            default: throw new IllegalArgumentException("unknown probe " + c.probe());
        }
    }

    private static InetAddress ipv4(String address) {
        try {
            return InetAddress.getByName(address); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }
}
