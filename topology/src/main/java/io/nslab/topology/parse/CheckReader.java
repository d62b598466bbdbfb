package io.nslab.topology.parse;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Check;
import io.nslab.topology.model.Expect;

/** Reads one check of a lab file: where from, its one probe, what it expects, for {@link LabReader}. */
final class CheckReader {
    private final Problems problems;

    CheckReader(Problems problems) { this.problems = problems; }

    Check read(JsonNode v, String path) {
        Obj o = Obj.of(v, path, problems, "a check",
                List.of("from", "ping", "tcp", "udp", "http", "exec", "expect", "timeout_ms", "hint", "family", "retry"));
        if (o == null) return null;
        String from = o.requiredString("from", "a node, or \"host\"");
        List<String> probes = new ArrayList<>();
        for (String p : Check.PROBES) if (o.has(p)) probes.add(p);
        String probe = null, target = null;
        List<String> argv = List.of();
        if (probes.size() != 1) {
            problems.add(path, probes.isEmpty() ? "a check needs one probe: ping, tcp, udp, http or exec"
                    : "a check has exactly one probe, not " + String.join(" and ", probes));
        } else if (probes.get(0).equals(Check.EXEC)) {
            probe = Check.EXEC;
            argv = Commands.read(o, Check.EXEC, "an exec check runs a command in its node, like \"hostname\"", problems);
            if (!argv.isEmpty()) target = o.raw(Check.EXEC).isTextual() ? o.raw(Check.EXEC).textValue() : String.join(" ", argv);
        } else {
            probe = probes.get(0);
            target = o.string(probe);
            if (target != null) {
                try {
                    ProbeTarget.parse(probe, target);
                } catch (IllegalArgumentException e) {
                    problems.add(o.path(probe), e.getMessage());
                    target = null;
                }
            }
        }
        Expect expect = expect(o, probe);
        Integer timeout = o.integer("timeout_ms", 1, 3_600_000, "the timeout in milliseconds");
        String hint = o.string("hint");
        Integer family = o.integer("family", 4, 6, "the address family (4 or 6)");
        if (family != null && family == 5) {
            problems.add(o.path("family"), "the address family is 4 or 6");
            family = null;
        }
        Boolean retry = o.bool("retry");
        if (from == null || probe == null || target == null || expect == null) return null;
        return new Check(from, probe, target, argv, expect, timeout == null ? Check.DEFAULT_TIMEOUT_MS : timeout, hint,
                family == null ? 4 : family, retry == null || retry);
    }

    private Expect expect(Obj o, String probe) {
        JsonNode v = o.raw("expect");
        if (v == null) return Expect.OK;
        boolean takesObject = probe == null || probe.equals("http") || probe.equals(Check.EXEC);
        if (v.isTextual()) {
            if (v.textValue().equals("ok")) return Expect.OK;
            if (v.textValue().equals("fail")) return Expect.FAIL;
            problems.add(o.path("expect"), "\"" + v.textValue() + "\" must be \"ok\" or \"fail\"" + (takesObject ? ", or an object" + objectKeys(probe) : ""));
            return null;
        }
        if (v.isObject()) {
            if (!takesObject) {
                problems.add(o.path("expect"), "only http and exec checks take an object; a " + probe + " check expects \"ok\" or \"fail\"");
                return null;
            }
            // Without a probe there is nothing to judge the object by; the probe's own error is enough.
            if (probe == null) return null;
            return probe.equals("http") ? httpExpect(o, v) : execExpect(o, v);
        }
        problems.add(o.path("expect"), "must be \"ok\", \"fail\"" + (takesObject ? " or an object" : "") + ", not " + Json.describe(v));
        return null;
    }

    private static String objectKeys(String probe) {
        if (probe == null) return "";
        return probe.equals("http") ? " of status and/or body_contains" : " of exit, stdout_contains and/or stdout_lacks";
    }

    private Expect httpExpect(Obj o, JsonNode v) {
        Obj e = Obj.of(v, o.path("expect"), problems, "an http expectation", List.of("status", "body_contains"));
        Integer status = e.integer("status", 100, 599, "an HTTP status");
        String body = e.string("body_contains");
        if (!e.has("status") && !e.has("body_contains")) {
            problems.add(o.path("expect"), "expects nothing; give status and/or body_contains, or leave expect out");
            return null;
        }
        return new Expect(false, status, body);
    }

    private Expect execExpect(Obj o, JsonNode v) {
        Obj e = Obj.of(v, o.path("expect"), problems, "an exec expectation", List.of("exit", "stdout_contains", "stdout_lacks"));
        Integer exit = e.integer("exit", 0, 255, "an exit status");
        String contains = e.string("stdout_contains");
        String lacks = e.string("stdout_lacks");
        if (!e.has("exit") && !e.has("stdout_contains") && !e.has("stdout_lacks")) {
            problems.add(o.path("expect"), "expects nothing; give exit, stdout_contains and/or stdout_lacks, or leave expect out");
            return null;
        }
        for (String key : List.of("stdout_contains", "stdout_lacks")) {
            if (e.has(key) && e.raw(key).isTextual() && e.raw(key).textValue().isEmpty()) {
                problems.add(e.path(key), "is empty, which proves nothing; give the text to look for");
                return null;
            }
        }
        return Expect.exec(exit, contains, lacks);
    }
}
