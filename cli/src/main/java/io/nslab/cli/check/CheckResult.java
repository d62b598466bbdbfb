package io.nslab.cli.check;

import io.nslab.cli.print.Numbers;

import io.nslab.topology.plan.ResolvedCheck;

/** One check's verdict: passed or not (expect: fail inverts the probe), how long, and what was seen or why it failed. */
public record CheckResult(ResolvedCheck check, boolean passed, long millis, String detail) {
    /**
     * One line for people: {@code PASS    3 ms  client: ping web (172.20.0.10)}, and the reason on
     * failure, with the check's hint (an exercise's) on a line of its own.
     */
    public String line() {
        return (passed ? "PASS" : "FAIL") + " " + Numbers.padLeft(millis, 5) + " ms  " + check.describe() + (passed ? "" : ": " + detail)
                + (passed || check.hint() == null ? "" : System.lineSeparator() + "      hint: " + check.hint());
    }
}
