package io.nslab.cli.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nslab.cli.probe.Probe;
import io.nslab.cli.probe.ProbeResult;
import io.nslab.cli.probe.Prober;
import io.nslab.topology.plan.Netns;
import io.nslab.topology.plan.ResolvedCheck;

/**
 * Runs a lab's checks against the running lab: each one a probe made from inside its
 * {@code from} node's network namespace, all of them in parallel, by one {@link Prober}.
 */
public final class Checks {
    private Checks() {}

    public static List<CheckResult> run(List<ResolvedCheck> checks) {
        List<Probe> probes = new ArrayList<>();
        for (ResolvedCheck c : checks) probes.add(probe(c));
        List<ProbeResult> results;
        try (Prober prober = Prober.open()) {
            results = prober.runAll(probes);
        }
        List<CheckResult> out = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) out.add(judge(checks.get(i), results.get(i)));
        return out;
    }

    static CheckResult judge(ResolvedCheck c, ProbeResult r) {
        long ms = r.elapsed().toMillis();
        if (!c.expect().fail()) return new CheckResult(c, r.ok(), ms, r.detail());
        return r.ok()
                ? new CheckResult(c, false, ms, "expected to fail, but it worked (" + r.detail() + ")")
                : new CheckResult(c, true, ms, "failed as expected (" + r.detail() + ")");
    }

    static Probe probe(ResolvedCheck c) {
        String ns = Netns.path(c.netns());
        Duration timeout = Duration.ofMillis(c.timeoutMs());
        InetAddress address = ipv4(c.address());
        switch (c.probe()) {
            case "ping": return new Probe.Ping(ns, address, timeout);
            case "tcp": return new Probe.Tcp(ns, new InetSocketAddress(address, c.port()), timeout);
            case "udp": return new Probe.Udp(ns, new InetSocketAddress(address, c.port()), timeout);
            case "http": return new Probe.Http(ns, URI.create(c.target()), address, c.expect().status(), c.expect().bodyContains(), timeout);
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
