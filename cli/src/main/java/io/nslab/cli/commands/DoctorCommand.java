package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.doctor.Doctor;
import io.nslab.cli.doctor.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "doctor", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Check that this machine can run nslab labs.",
            "",
            "Says how to fix what is missing: root, the node init (nslab-init), the namespace kinds, and for real, inside a throwaway network namespace it deletes again, a netns, a veth pair, a bridge, IPv4 forwarding and an nf_tables nat table with masquerade and fib/dnat rules; user namespaces and cgroup v2. It also reads (never changes) what matters for --on-host labs: br_netfilter, and a forward chain of the machine's own ruleset whose policy is drop. Last, whether ping and curl are there for nslab exec."},
        footer = {"",
            "Examples:",
            "  # one line per check: ok, missing (with a fix) or note",
            "  sudo nslab doctor",
            "  # the same as JSON",
            "  sudo nslab doctor --json",
            "",
            "Exit codes: 0 everything required is there, 3 something required is missing."})
public final class DoctorCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin JsonOption json = new JsonOption();

    @Override
    public Integer call() throws Exception {
        List<Finding> findings = new Doctor(System.getProperty("nslab.init")).run();
        boolean ok = Doctor.allRequiredOk(findings);
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            out.println(toJson(findings, ok));
        } else {
            int width = findings.stream().mapToInt(f -> f.name().length()).max().orElse(0);
            for (Finding f : findings) out.println(line(f, width));
            long blocking = findings.stream().filter(Finding::blocks).count();
            out.println(ok ? "nslab doctor: this machine can run nslab labs"
                    : "nslab doctor: " + blocking + " required " + (blocking == 1 ? "thing is" : "things are") + " missing");
        }
        return ok ? ExitCode.OK : ExitCode.SYSTEM;
    }

    /** {@code ok       netns   created and deleted...}; a missing thing ends with how to fix it. */
    static String line(Finding f, int width) {
        String status = f.status() == Finding.Status.MISSING && f.required() ? "MISSING" : f.status().label();
        return String.format("%-8s %-" + width + "s  %s", status, f.name(), f.detail() + (f.fix() == null ? "" : "; fix: " + f.fix()));
    }

    static String toJson(List<Finding> findings, boolean ok) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode().put("ok", ok);
        ArrayNode checks = root.putArray("checks");
        for (Finding f : findings) {
            ObjectNode c = checks.addObject().put("name", f.name()).put("status", f.status().label())
                    .put("required", f.required()).put("detail", f.detail());
            if (f.fix() == null) c.putNull("fix");
            else c.put("fix", f.fix());
        }
        return mapper.writeValueAsString(root);
    }
}
