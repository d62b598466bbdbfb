package io.nslab.cli.render;

import io.nslab.cli.check.CheckResult;
import java.util.List;

/**
 * A lab's check results as JUnit XML (the surefire flavour graders and CI read): one test
 * suite named after the lab, one test case per check, a {@code <failure>} for each failed one.
 */
public final class JunitReport {
    private JunitReport() {}

    public static String of(String lab, List<CheckResult> results, String setupError) {
        long failures = results.stream().filter(r -> !r.passed()).count();
        double seconds = results.stream().mapToLong(CheckResult::millis).max().orElse(0) / 1000.0;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        int tests = results.size() + (setupError == null ? 0 : 1);
        x.append("<testsuite name=\"nslab.").append(esc(lab)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(setupError == null ? 0 : 1)
                .append("\" skipped=\"0\" time=\"").append(String.format(java.util.Locale.ROOT, "%.3f", seconds)).append("\">\n");
        if (setupError != null) {
            x.append("  <testcase classname=\"nslab.").append(esc(lab)).append("\" name=\"up\" time=\"0\">\n")
                    .append("    <error message=\"").append(esc(setupError)).append("\"/>\n  </testcase>\n");
        }
        for (CheckResult r : results) {
            x.append("  <testcase classname=\"nslab.").append(esc(lab)).append("\" name=\"").append(esc(r.check().index() + 1 + ". " + r.check().describe()))
                    .append("\" time=\"").append(String.format(java.util.Locale.ROOT, "%.3f", r.millis() / 1000.0)).append('"');
            if (r.passed()) {
                x.append("/>\n");
            } else {
                x.append(">\n    <failure message=\"").append(esc(r.detail() + (r.check().hint() == null ? "" : " (hint: " + r.check().hint() + ")")))
                        .append("\"/>\n  </testcase>\n");
            }
        }
        return x.append("</testsuite>\n").toString();
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
