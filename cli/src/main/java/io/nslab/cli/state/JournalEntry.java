package io.nslab.cli.state;

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

    /** Step {@code step} is about to run; {@code inverse} undoes it ({@code old}: the value a {@code RestoreSysctl} puts back). */
    record Done(int step, Step inverse, String old) implements JournalEntry {
        public String line() {
            List<String> f = new ArrayList<>(List.of("undo", Integer.toString(step), inverse.getClass().getSimpleName()));
            f.addAll(inverse.accept(FIELDS));
            if (old != null) f.add(old);
            return join(f);
        }

        /** An undo step's fields after its name, as {@link #parseLine} reads them back. */
        private static final Step.Visitor<List<String>> FIELDS = new Step.UndoVisitor<>() {
            public List<String> deleteNetns(Steps.DeleteNetns s) { return List.of(s.name()); }
            public List<String> deleteLink(Steps.DeleteLink s) { return List.of(s.netns(), s.name()); }
            public List<String> deleteNatTable(Steps.DeleteNatTable s) { return List.of(s.netns(), s.table()); }
            public List<String> restoreSysctl(Steps.RestoreSysctl s) { return List.of(s.netns(), s.key()); }
            public List<String> stopNode(Steps.StopNode s) { return List.of(s.node()); }
            public List<String> deleteCgroup(Steps.DeleteCgroup s) { return List.of(s.path()); }
            public List<String> clearImpairment(Steps.ClearImpairment s) { return List.of(s.netns(), s.ifname()); }
            public List<String> stopServices(Steps.StopServices s) { return List.of(); }
            public List<String> unmountLayers(Steps.UnmountLayers s) { return List.of(s.path()); }
        };
    }

    record Absent(int step) implements JournalEntry {
        public String line() { return join(List.of("absent", Integer.toString(step))); }
    }

    record Started(String what, ProcessStamp process) implements JournalEntry {
        public String line() {
            return join(List.of("process", what, Integer.toString(process.pid()), Long.toString(process.startTime())));
        }
    }

    static String node(String name) { return NODE + name; }

    /** How to undo step {@code number}, or empty when it leaves nothing to undo (an address, a route). */
    static Optional<JournalEntry> undo(int number, Step step) {
        return step.inverse().map(inverse -> new Done(number, inverse, null));
    }

    /** This entry as one journal line. */
    String line();

    private static String join(List<String> fields) {
        return String.join("\t", fields.stream().map(JournalEntry::escape).toList());
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
                int fields = 3 + inverse.accept(Done.FIELDS).size(); // then the value to restore, if any
                return new Done(step, inverse, f.length > fields ? f[fields] : null);
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
