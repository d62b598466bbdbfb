package io.nslab.topology.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.nslab.topology.parse.LabError;
import io.nslab.topology.LabException;
import io.nslab.topology.LabParser;
import io.nslab.topology.model.Lab;
import io.nslab.topology.plan.NetnsName;
import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps.AddAddress;
import io.nslab.topology.plan.Steps.AddRoute;
import io.nslab.topology.plan.Steps.CreateBridge;
import io.nslab.topology.plan.Steps.CreateNetns;
import io.nslab.topology.plan.Steps.CreateVeth;
import io.nslab.topology.plan.Steps.DeleteLink;
import io.nslab.topology.plan.Steps.DeleteNatTable;
import io.nslab.topology.plan.Steps.DeleteNetns;
import io.nslab.topology.plan.Steps.InstallNat;
import io.nslab.topology.plan.Steps.LinkUp;
import io.nslab.topology.plan.Steps.RestoreSysctl;
import io.nslab.topology.plan.Steps.SetMaster;
import io.nslab.topology.plan.Steps.SetSysctl;
import io.nslab.topology.plan.Steps.StartNode;
import io.nslab.topology.plan.Steps.StopNode;
import io.nslab.topology.plan.Steps.WriteHostsFile;

/**
 * What must hold for any input: the parser answers in bounded time with a lab or a
 * LabException (never another exception), every error is one printable line of bounded
 * length that names no Java class, and an accepted lab compiles into a Plan whose every
 * name that becomes a path, an interface or a sysctl file obeys the kernel's and nslab's
 * rules (so no name from a file reaches a path or a shell unchecked).
 */
final class ParseOracle implements AutoCloseable {
    // A hang detector, not a speed target: a parse of 10 MB takes ~1 s alone, but a loaded 2-core CI
    // machine (seen: load 16) stretched it past 10 s. A real hang (exponential backtracking) still fails.
    static final long CASE_SECONDS = 60;
    /** An error line longer than this is a wall of text, not a message. */
    static final int MAX_LINE = 1000;

    private static final Pattern LAB = Pattern.compile("[a-z][a-z0-9-]{0,11}");
    private static final Pattern NODE = Pattern.compile("[a-z][a-z0-9-]{0,14}");
    private static final Pattern IFNAME = Pattern.compile("[a-zA-Z0-9_.-]{1,15}");
    private static final Pattern SYSCTL = Pattern.compile("net(\\.[A-Za-z0-9_-]+)+");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CIDR = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}");
    private static final Pattern IP = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-parse");
        t.setDaemon(true);
        return t;
    });

    int accepted, refused;

    /** Parses {@code text}, checks the outcome, and returns the lab (null when refused). */
    Lab check(String what, String text) {
        Future<Lab> f = worker.submit(() -> parseAndCheck(what, text));
        try {
            return f.get(CASE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return fail("hang (over " + CASE_SECONDS + " s): " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError a) throw a;
            throw new AssertionError("not a LabException: " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Lab parseAndCheck(String what, String text) {
        Lab lab;
        try {
            lab = LabParser.parse(text, "fuzz.json");
        } catch (LabException e) {
            refused++;
            checkErrors(what, e);
            return null;
        }
        accepted++;
        for (boolean onHost : new boolean[] {false, true}) {
            Plan plan = PlanCompiler.compile(lab, onHost);
            checkNames(what, lab, plan);
        }
        return lab;
    }

    static void checkErrors(String what, LabException e) {
        if (e.errors().isEmpty()) fail("a LabException without errors: " + what);
        for (LabError err : e.errors()) {
            for (String s : List.of(err.path(), err.message())) {
                if (s == null || s.isEmpty()) fail("an empty path or message: " + err + " for " + what);
                for (int i = 0; i < s.length(); i++) {
                    int type = Character.getType(s.charAt(i));
                    if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE && !validSurrogateAt(s, i)) {
                        fail("an unprintable character U+" + Integer.toHexString(s.charAt(i)) + " in " + LabMutator.brief(err) + " for " + what);
                    }
                }
            }
            String line = err.toString();
            if (line.length() > MAX_LINE) fail("a message of " + line.length() + " characters: " + LabMutator.brief(line) + " for " + what);
            if (line.matches("(?s).*(Exception|\\bat io\\.|com\\.fasterxml|java\\.|StreamRead|Source: REDACTED).*")) {
                fail("a message that speaks Java: " + line + " for " + what);
            }
        }
        if (e.getMessage().lines().count() != e.errors().size()) fail("not one line per error: " + what);
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Every name of the Plan that reaches the kernel or the file system, against the rules. */
    static void checkNames(String what, Lab lab, Plan plan) {
        String ctx = " (" + what + ")";
        require(LAB, plan.lab(), "lab name" + ctx);
        Set<String> netns = new HashSet<>(Set.of(NetnsName.CURRENT));
        for (Step s : plan.steps()) {
            if (s instanceof CreateNetns c) {
                require(Pattern.compile(Pattern.quote(plan.lab()) + "(-[a-z][a-z0-9-]{0,14})?"), c.name(), "netns" + ctx);
                netns.add(c.name());
            }
        }
        for (Step s : concat(plan.steps(), plan.teardown())) {
            if (s instanceof SetSysctl x) {
                inNetns(netns, x.netns(), ctx);
                require(SYSCTL, x.key(), "sysctl key" + ctx);
                if (x.value().contains("\n") || x.value().contains("\0")) fail("a sysctl value of more than one line" + ctx);
            } else if (s instanceof RestoreSysctl x) {
                require(SYSCTL, x.key(), "sysctl key" + ctx);
            } else if (s instanceof CreateBridge x) {
                inNetns(netns, x.netns(), ctx);
                ifname(x.name(), ctx);
            } else if (s instanceof CreateVeth x) {
                inNetns(netns, x.netns(), ctx);
                inNetns(netns, x.peerNetns(), ctx);
                ifname(x.name(), ctx);
                ifname(x.peerName(), ctx);
            } else if (s instanceof SetMaster x) {
                ifname(x.ifname(), ctx);
                ifname(x.master(), ctx);
            } else if (s instanceof AddAddress x) {
                ifname(x.ifname(), ctx);
                require(CIDR, x.cidr().toString(), "address" + ctx);
            } else if (s instanceof LinkUp x) {
                inNetns(netns, x.netns(), ctx);
                if (!x.ifname().equals("lo")) ifname(x.ifname(), ctx);
            } else if (s instanceof AddRoute x) {
                require(CIDR, x.to().toString(), "route" + ctx);
                require(IP, x.via().toString(), "gateway" + ctx);
            } else if (s instanceof InstallNat x) {
                if (!x.table().equals("nslab-" + plan.lab())) fail("nat table " + x.table() + ctx);
            } else if (s instanceof DeleteNatTable x) {
                if (!x.table().equals("nslab-" + plan.lab())) fail("nat table " + x.table() + ctx);
            } else if (s instanceof WriteHostsFile x) {
                if (x.hosts().indexOf('\0') >= 0) fail("a NUL in the hosts file" + ctx);
            } else if (s instanceof StartNode x) {
                require(NODE, x.node(), "node" + ctx);
                inNetns(netns, x.netns(), ctx);
                require(HOSTNAME, x.hostname(), "hostname" + ctx);
                for (String arg : x.run()) if (arg.indexOf('\0') >= 0) fail("a NUL in run, which no argv can carry" + ctx);
                x.env().forEach((k, v) -> {
                    require(ENV_KEY, k, "env name" + ctx);
                    if (v.contains("\n") || v.contains("\0")) fail("an env value of more than one line" + ctx);
                });
            } else if (s instanceof StopNode x) {
                require(NODE, x.node(), "node" + ctx);
            } else if (s instanceof DeleteNetns x) {
                if (!netns.contains(x.name())) fail("deletes a netns it did not create: " + x.name() + ctx);
            } else if (s instanceof DeleteLink x) {
                ifname(x.name(), ctx);
            }
        }
    }

    private static List<Step> concat(List<Step> a, List<Step> b) {
        List<Step> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void inNetns(Set<String> created, String netns, String ctx) {
        if (!created.contains(netns)) fail("a step in netns " + netns + " the plan does not create" + ctx);
    }

    private static void ifname(String name, String ctx) {
        require(IFNAME, name, "interface name" + ctx);
        if (name.equals(".") || name.equals("..")) fail("interface name " + name + ctx);
    }

    private static void require(Pattern p, String value, String what) {
        if (value == null || !p.matcher(value).matches()) fail("unsafe " + what + ": " + LabMutator.brief(value));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
