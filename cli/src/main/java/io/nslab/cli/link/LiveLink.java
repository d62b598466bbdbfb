package io.nslab.cli.link;

import io.nslab.cli.impair.ImpairState;
import io.nslab.cli.impair.LinkEnds;
import io.nslab.cli.impair.LiveImpair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.state.LabLock;
import io.nslab.cli.state.StateDir;
import io.nslab.topology.parse.ImpairReader;
import io.nslab.cli.state.JournalEntry;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.services.ServiceBindings;
import io.nslab.cli.services.Supervisor;
import io.nslab.cli.state.Journal;
import io.nslab.cli.state.LabMark;
import io.nslab.netlink.ns.NetNs;
import io.nslab.netlink.route.Rtnetlink;
import io.nslab.sys.Errno;
import io.nslab.sys.SysException;
import io.nslab.topology.model.Impairment;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Steps;

/**
 * What {@code nslab link} changes in a running lab, under its lock: the impairment of one or
 * both directions of a link, and the link's state (down: both ends, as a pulled cable; up:
 * both ends again, and the routes the kernel dropped with them put back).
 */
public final class LiveLink {
    /** Journal step numbers for live changes: above any Plan's, one per change (see {@link #journalClear}). */
    static final int LIVE_STEPS = 1_000_000;

    private final RunningLab lab;
    private final Journal journal;

    public LiveLink(RunningLab lab, Journal journal) {
        this.lab = lab;
        this.journal = journal;
    }

    /**
     * Runs {@code work} on the link behind {@code endpoint} ({@code NODE:IF}) of the lab in
     * {@code dir}, holding the lab's lock (an up, down or other change waits its turn: "busy")
     * and its journal open, as {@code nslab link} and the web page's link buttons do.
     */
    public static <T> T locked(StateDir dir, String endpoint, BiFunction<LiveLink, LinkEnds, T> work) {
        try (LabLock lock = LabLock.tryAcquire(dir).orElseThrow(() -> NslabException.badInput(
                     "nslab: lab " + dir.lab() + " is busy (an up, down or link of it is running)"));
             Journal journal = Journal.append(dir.journal())) {
            RunningLab running = RunningLab.of(dir);
            return work.apply(new LiveLink(running, journal), LinkEnds.resolve(running.plan(), endpoint));
        }
    }

    /** What to change: null leaves a value as it is; {@code clear} starts from no impairment. */
    public record Change(Long rateBits, Long delayMicros, Long jitterMicros, Double lossPercent, boolean clear) {
        /**
         * The change as a user types it ({@code nslab link}'s options, the page's fields): null
         * leaves a value alone, "0" turns it off; every bad value is reported at once, as bad input.
         */
        public static Change parse(String rate, String delay, String jitter, String loss, boolean clear) {
            List<String> problems = new ArrayList<>();
            Long r = rate == null ? null : number(rate, ImpairReader.rateProblem(rate), problems, "--rate", () -> ImpairReader.rate(rate));
            Long d = delay == null ? null : number(delay, ImpairReader.timeProblem(delay), problems, "--delay", () -> ImpairReader.time(delay));
            Long j = jitter == null ? null : number(jitter, ImpairReader.timeProblem(jitter), problems, "--jitter", () -> ImpairReader.time(jitter));
            Double l = null;
            if (loss != null) {
                String problem = loss.equals("0") ? null : ImpairReader.lossProblem(loss);
                if (problem != null) problems.add("nslab: --loss: " + problem);
                else l = loss.equals("0") ? 0.0 : ImpairReader.loss(loss);
            }
            if (!problems.isEmpty()) throw NslabException.badInput(String.join("\n", problems));
            return new Change(r, d, j, l, clear);
        }

        /** A value in its unit; "0" (no unit) turns that impairment off. */
        private static Long number(String text, String problem, List<String> problems, String option, LongSupplier parse) {
            if (text.equals("0")) return 0L;
            if (problem != null) {
                problems.add("nslab: " + option + ": " + problem);
                return null;
            }
            return parse.getAsLong();
        }

        Impairment on(Impairment before) {
            Impairment b = clear ? Impairment.NONE : before;
            return new Impairment(rateBits != null ? rateBits : b.rateBits(), delayMicros != null ? delayMicros : b.delayMicros(),
                    jitterMicros != null ? jitterMicros : b.jitterMicros(), lossPercent != null ? lossPercent : b.lossPercent());
        }
    }

    /** Applies {@code change} to the directions asked for ("out", "in" or both); returns the rows in force after. */
    public List<ImpairState.Row> impair(LinkEnds ends, Change change, boolean out, boolean in) {
        List<ImpairState.Row> rows = ImpairState.read(lab.state().impair());
        String mark = LabMark.of(lab.plan().lab()).text();
        List<ImpairState.Row> changed = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            if (d == 0 ? !out : !in) continue;
            LinkEnds.Egress e = d == 0 ? ends.here() : ends.there();
            Impairment before = rows.stream().filter(r -> r.sameEgress(e.netns(), e.ifname())).map(ImpairState.Row::impairment)
                    .findFirst().orElse(Impairment.NONE);
            Impairment after = change.on(before);
            if (after.jitterMicros() > 0 && after.delayMicros() == 0) {
                throw NslabException.badInput("nslab: jitter varies a delay: give --delay too");
            }
            journalClear(e);
            try (NetNs ns = open(e.netns()); Rtnetlink rt = Rtnetlink.open(ns)) {
                ImpairState.Row row = LiveImpair.apply(ns, rt, e.netns(), e.ifname(), ends.label(), d == 0 ? "out" : "in", after, mark, false);
                rows = ImpairState.with(rows, row);
                changed.add(row);
            }
        }
        // Written before the supervisor is started: it reads the file as it starts.
        ImpairState.write(lab.state().impair(), rows);
        if (rows.stream().anyMatch(ImpairState.Row::delayLine)) ensureSupervisor(mark);
        // Frames go to a new delay line's tap only once the supervisor reads it: none is lost on the way.
        for (ImpairState.Row row : changed) {
            if (!row.delayLine()) continue;
            try (NetNs ns = open(row.netns()); Rtnetlink rt = Rtnetlink.open(ns)) {
                LiveImpair.redirectWhenRead(ns, rt, row.ifname());
            }
        }
        return changed;
    }

    /** Sets both ends of the link down (a pulled cable: each side sees its link go down) or up again. */
    public void setState(LinkEnds ends, boolean up) {
        for (LinkEnds.Egress e : List.of(ends.here(), ends.there())) {
            try (NetNs ns = open(e.netns()); Rtnetlink rt = Rtnetlink.open(ns)) {
                if (up) rt.setUp(e.ifname());
                else rt.setDown(e.ifname());
            }
        }
        if (up) restoreRoutes(ends);
    }

    /**
     * A link set down takes with it every route through it (the kernel deletes them); setting it
     * up brings back only the routes of its own subnet. The lab's other routes in the two
     * namespaces are added again (those still there are left alone).
     */
    private void restoreRoutes(LinkEnds ends) {
        for (String netns : List.of(ends.here().netns(), ends.there().netns())) {
            try (NetNs ns = open(netns); Rtnetlink rt = Rtnetlink.open(ns)) {
                for (Steps.AddRoute r : lab.plan().steps(Steps.AddRoute.class)) {
                    if (!r.netns().equals(netns)) continue;
                    try {
                        rt.addRoute(r.to(), r.via(), null);
                    } catch (SysException x) {
                        if (x.errno() != Errno.EEXIST) throw x;
                    }
                }
            }
        }
    }

    /** Journaled before anything is made, so down removes it after any crash (a repeat is harmless: undo tolerates absence). */
    private void journalClear(LinkEnds.Egress e) {
        List<String> lines = Journal.read(lab.state().journal());
        String undo = "\tClearImpairment\t" + e.netns() + "\t" + e.ifname();
        if (lines.stream().anyMatch(l -> l.endsWith(undo))) return; // journaled already (by up, or an earlier link)
        journal.record(new JournalEntry.Done(LIVE_STEPS + lines.size(), new Steps.ClearImpairment(e.netns(), e.ifname()), null).line());
    }

    private void ensureSupervisor(String mark) {
        if (lab.supervisor().map(p -> p.alive()).orElse(false)) return;
        try {
            if (!java.nio.file.Files.exists(lab.state().servicesSpec())) ServiceBindings.write(lab.state().servicesSpec(), List.of());
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException("write " + lab.state().servicesSpec() + ": " + x.getMessage(), x);
        }
        int k = LIVE_STEPS + Journal.read(lab.state().journal()).size();
        journal.record(new JournalEntry.Done(k, new Steps.StopServices(), null).line());
        Supervisor.start(lab.state().servicesSpec(), lab.state().supervisorLog(), Map.of(LabMark.ENV, mark), p -> {
            journal.record(new JournalEntry.Started(JournalEntry.SUPERVISOR, p).line());
            p.write(lab.state().supervisorPid());
        });
    }

    private static NetNs open(String netns) {
        return NetnsName.isCurrent(netns) ? NetNs.current() : NetNs.open(netns);
    }
}
