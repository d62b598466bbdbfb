package io.nslab.cli.undo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nslab.core.ProcessStamp;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps;

/**
 * One line of a lab's journal: tab-separated fields, each written before what it records can
 * have happened, e.g.
 * <pre>
 * undo  1  DeleteNetns     bridge
 * undo  3  RestoreSysctl   @current  net.ipv4.ip_forward  0
 * undo  5  DeleteCgroup    nslab/bridge/web
 * undo  9  ClearImpairment t-r  eth1
 * undo  2  UnmountLayers   /run/nslab/bridge/layers
 * absent  4
 * process  node:web  4242  918273
 * </pre>
 * <ul>
 *   <li>{@link Done}: step K of the Plan is about to run, and this is how to undo it (for a sysctl
 *       of the machine's own namespace, with the value to restore);</li>
 *   <li>{@link Absent}: step K failed without creating anything (its name was taken), so undoing
 *       must leave that object alone: it is not the lab's;</li>
 *   <li>{@link Started}: a process the lab started (a node's init, the services supervisor),
 *       recorded as soon as it exists.</li>
 * </ul>
 * The journal holds the undo, not the step: {@code down} needs no Plan, no JSON and nothing of
 * the version of nslab that brought the lab up beyond these few words. A line it cannot read
 * (another version's) is skipped; the namespace sweep of down still removes what lives in the
 * lab's namespaces.
 */
public sealed interface JournalEntry {
    String SUPERVISOR = "supervisor";
    /** What a running {@code nslab capture}'s {@link Started} line names: down stops it first. */
    String CAPTURE = "capture";
    /** What a node init's {@link Started} line names: NODE followed by the node's name. */
    String NODE = "node:";

    record Done(int step, Step inverse, String old) implements JournalEntry {}

    record Absent(int step) implements JournalEntry {}

    record Started(String what, ProcessStamp process) implements JournalEntry {}

    static String node(String name) { return NODE + name; }

    /** How to undo step {@code number}, or empty when it leaves nothing to undo (an address, a route). */
    static Optional<JournalEntry> undo(int number, Step step) {
        return step.inverse().map(inverse -> new Done(number, inverse, null));
    }

    /** How to undo a sysctl of the machine's namespace: put back {@code old}. */
    static JournalEntry restore(int number, Steps.SetSysctl step, String old) {
        return new Done(number, new Steps.RestoreSysctl(step.netns(), step.key()), old);
    }

    /** This entry as one journal line. */
    default String line() {
        List<String> f = new ArrayList<>();
        if (this instanceof Done u) {
            f.add("undo");
            f.add(Integer.toString(u.step()));
            Step s = u.inverse();
            f.add(s.getClass().getSimpleName());
            if (s instanceof Steps.DeleteNetns d) f.add(d.name());
            else if (s instanceof Steps.DeleteLink d) f.addAll(List.of(d.netns(), d.name()));
            else if (s instanceof Steps.DeleteNatTable d) f.addAll(List.of(d.netns(), d.table()));
            else if (s instanceof Steps.RestoreSysctl r) {
                f.addAll(List.of(r.netns(), r.key()));
                if (u.old() != null) f.add(u.old());
            } else if (s instanceof Steps.StopNode n) f.add(n.node());
            else if (s instanceof Steps.DeleteCgroup c) f.add(c.path());
            else if (s instanceof Steps.ClearImpairment c) f.addAll(List.of(c.netns(), c.ifname()));
            else if (s instanceof Steps.UnmountLayers l) f.add(l.path());
            else if (!(s instanceof Steps.StopServices)) throw new IllegalArgumentException("no journal line for " + s);
        } else if (this instanceof Absent a) {
            f.addAll(List.of("absent", Integer.toString(a.step())));
        } else if (this instanceof Started p) {
            f.addAll(List.of("process", p.what(), Integer.toString(p.process().pid()), Long.toString(p.process().startTime())));
        }
        return String.join("\t", f.stream().map(JournalEntry::escape).toList());
    }

    /** The entries of journal lines; lines that do not parse (another nslab's) are skipped. */
    static List<JournalEntry> parse(List<String> lines) {
        List<JournalEntry> out = new ArrayList<>();
        for (String line : lines) {
            try {
                out.add(parseLine(line.split("\t", -1)));
            } catch (RuntimeException unknown) {
                // not ours to read: see the class comment
            }
        }
        return out;
    }

    private static JournalEntry parseLine(String[] raw) {
        String[] f = new String[raw.length];
        for (int i = 0; i < raw.length; i++) f[i] = unescape(raw[i]);
        switch (f[0]) {
            case "absent":
                return new Absent(Integer.parseInt(f[1]));
            case "process":
                return new Started(f[1], new ProcessStamp(Integer.parseInt(f[2]), Long.parseLong(f[3])));
            case "undo":
                int step = Integer.parseInt(f[1]);
                Step inverse = switch (f[2]) {
                    case "DeleteNetns" -> new Steps.DeleteNetns(f[3]);
                    case "DeleteLink" -> new Steps.DeleteLink(f[3], f[4]);
                    case "DeleteNatTable" -> new Steps.DeleteNatTable(f[3], f[4]);
                    case "RestoreSysctl" -> new Steps.RestoreSysctl(f[3], f[4]);
                    case "StopNode" -> new Steps.StopNode(f[3]);
                    case "ClearImpairment" -> new Steps.ClearImpairment(f[3], f[4]);
                    case "StopServices" -> new Steps.StopServices();
                    case "DeleteCgroup" -> new Steps.DeleteCgroup(f[3]);
                    case "UnmountLayers" -> new Steps.UnmountLayers(f[3]);
                    default -> throw new IllegalArgumentException("unknown undo " + f[2]);
                };
                return new Done(step, inverse, inverse instanceof Steps.RestoreSysctl && f.length > 5 ? f[5] : null);
            default:
                throw new IllegalArgumentException("unknown entry " + f[0]);
        }
    }

    /** Fields may hold anything but these three (a sysctl's old value has tabs, "4096\t131072\t6291456"). */
    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                b.append(c);
                continue;
            }
            char next = field.charAt(++i);
            b.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
        }
        return b.toString();
    }
}
