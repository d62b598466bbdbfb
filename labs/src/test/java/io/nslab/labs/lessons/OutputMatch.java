package io.nslab.labs.lessons;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what a command printed with what a lesson's text shows, doc-test style. Both sides
 * are compared line by line with whitespace runs as one space (column padding moves with the
 * width of a PID), leading and trailing blanks and trailing empty lines ignored. In the text:
 * <ul>
 *   <li>a line that is only {@code ...} stands for any number of lines (none included); a
 *       {@code ...} within a line for any text on that line;</li>
 *   <li>what varies by its very shape matches any value of that shape: MAC addresses, clock
 *       times ({@code 04:35:00.380926}), durations ({@code 181 ms}, {@code time 0ms},
 *       {@code 0.041/0.062/0.093/0.019 ms}, {@code 1.77s}) and ephemeral ports (32768 to
 *       60999, after an address: {@code 172.20.0.2:49254}, {@code sport=50526});</li>
 *   <li>a token declared by {@code <!-- varies: ... -->} just before the block matches any token
 *       of its shape (each run of hex digits that holds a digit any such run; a token without
 *       digits any word); where it occurs twice, both must be the same value. The value it
 *       matched is kept for the rest of the lesson: a later output must show that value
 *       where the text shows the token, and a later command gets it instead of the token (the
 *       text's {@code cat /proc/23290/cgroup} reads the PID that {@code inspect} printed
 *       just before), unless a later block declares it again: there it is matched afresh
 *       (two nodes' PID 10 need not be one number).</li>
 * </ul>
 */
public final class OutputMatch {
    private static final Pattern AUTO = Pattern.compile(
            "(?<any>\\.\\.\\.)"
            + "|(?<mac>\\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\\b)"
            + "|(?<clock>\\b\\d{2}:\\d{2}:\\d{2}\\.\\d+\\b)"
            + "|(?<ms>\\b\\d[\\d./]*\\s?ms\\b)"
            + "|(?<secs>\\b\\d+\\.\\d+s\\b)"
            + "|(?<port>(?<=\\d[:.=]|port=|sport=|dport=)(?:3[2-9]\\d{3}|[45]\\d{4}|60\\d{3})\\b)");

    /** token -> the value it matched first in this lesson. */
    private final Map<String, String> bound = new HashMap<>();
    /** The tokens the block being compared declares, and the regex that finds them and the bound ones. */
    private List<String> tokens = List.of();
    private Pattern declared;

    /**
     * A new block begins: the tokens its comment declares are matched afresh, whatever an
     * earlier block bound them to (pid.md shows PID 10 in node box and, later, PID 10 in node
     * nest: they were the same number in the run that wrote the text, not in every run).
     */
    public void newBlock(Set<String> varies) {
        bound.keySet().removeAll(varies);
    }

    /** The command with each declared token already seen replaced by the value it matched. */
    public String command(String command) {
        if (bound.isEmpty()) return command;
        Matcher m = finder(bound.keySet()).matcher(command);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(bound.get(m.group())));
        m.appendTail(out);
        return out.toString();
    }

    private static Pattern finder(Set<String> tokens) {
        List<String> longestFirst = tokens.stream().sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList();
        return Pattern.compile("(?<![\\w.])(?:" + String.join("|", longestFirst) + ")(?![\\w])");
    }

    /** Compare what follows with the tokens {@code varies} declared (by the block's comment) and those bound before. */
    public OutputMatch declaring(Set<String> varies) {
        Set<String> all = new java.util.HashSet<>(varies);
        all.addAll(bound.keySet());
        tokens = List.copyOf(all);
        declared = all.isEmpty() ? null : finder(all);
        return this;
    }

    /** Whether {@code actual} is what the text shows; on a match, the declared tokens it contains are bound. */
    public boolean matches(List<String> expected, String actual) {
        Map<String, String> groups = new LinkedHashMap<>();
        Pattern whole = Pattern.compile(regex(trimmed(expected), groups));
        StringBuilder text = new StringBuilder();
        for (String l : trimmed(normalized(actual))) text.append(l).append('\n');
        Matcher m = whole.matcher(text);
        if (!m.matches()) return false;
        groups.forEach((token, group) -> bound.putIfAbsent(token, m.group(group)));
        return true;
    }

    /** The first line of the text that the output does not match, as "text: X / printed: Y" (best effort, for the message). */
    public String firstDifference(List<String> expected, String actual) {
        List<String> want = trimmed(expected), got = trimmed(normalized(actual));
        int j = 0;
        for (int i = 0; i < want.size(); i++) {
            String w = normalize(want.get(i));
            if (w.equals("...")) {
                if (i + 1 == want.size()) return null;
                Pattern next = Pattern.compile(line(normalize(want.get(i + 1)), new LinkedHashMap<>()));
                while (j < got.size() && !next.matcher(got.get(j)).matches()) j++;
                continue;
            }
            if (j >= got.size()) return "the text shows `" + w + "`, nslab printed nothing more";
            if (!Pattern.compile(line(w, new LinkedHashMap<>())).matcher(got.get(j)).matches()) {
                return "the text shows `" + w + "`, nslab printed `" + got.get(j) + "`";
            }
            j++;
        }
        return j < got.size() ? "nslab printed more: `" + got.get(j) + "`" : null;
    }

    private String regex(List<String> expected, Map<String, String> groups) {
        StringBuilder regex = new StringBuilder();
        for (String raw : expected) {
            String w = normalize(raw);
            if (w.equals("...")) regex.append("(?:[^\\n]*\\n)*?");
            else regex.append(line(w, groups)).append("\\n");
        }
        return regex.toString();
    }

    /** One line of the text as a regex: literal but for the varying parts. */
    private String line(String w, Map<String, String> groups) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < w.length()) {
            Matcher d = declared == null ? null : declared.matcher(w);
            Matcher a = AUTO.matcher(w);
            boolean hasD = d != null && d.find(at), hasA = a.find(at);
            if (!hasD && !hasA) break;
            boolean useD = hasD && (!hasA || d.start() <= a.start());
            Matcher m = useD ? d : a;
            regex.append(Pattern.quote(w.substring(at, m.start())));
            regex.append(useD ? token(m.group(), groups) : auto(a));
            at = m.end();
        }
        if (at < w.length()) regex.append(Pattern.quote(w.substring(at)));
        return regex.toString();
    }

    private String token(String token, Map<String, String> groups) {
        if (bound.containsKey(token)) return Pattern.quote(bound.get(token));
        if (groups.containsKey(token)) return "\\k<" + groups.get(token) + ">";
        String group = "v" + tokens.indexOf(token);
        groups.put(token, group);
        return "(?<" + group + ">" + shape(token) + ")";
    }

    /** Any token of the same shape: each run of hex digits that holds a digit may be any such run. */
    static String shape(String token) {
        if (!token.matches(".*\\d.*")) return "[^\\s/:]+";
        StringBuilder out = new StringBuilder();
        Matcher run = Pattern.compile("[0-9a-fA-F]*\\d[0-9a-fA-F]*").matcher(token);
        int at = 0;
        while (run.find()) {
            out.append(Pattern.quote(token.substring(at, run.start()))).append("[0-9a-fA-F]+");
            at = run.end();
        }
        return out.append(Pattern.quote(token.substring(at))).toString();
    }

    private static String auto(Matcher a) {
        if (a.group("any") != null) return "[^\\n]*?";
        if (a.group("mac") != null) return "[0-9a-f]{2}(?::[0-9a-f]{2}){5}";
        if (a.group("clock") != null) return "\\d{2}:\\d{2}:\\d{2}\\.\\d+";
        if (a.group("ms") != null) return "\\d[\\d./]*\\s?ms";
        if (a.group("secs") != null) return "\\d+\\.\\d+s";
        return "\\d+";
    }

    static String normalize(String line) {
        return line.strip().replaceAll("[ \\t]+", " ");
    }

    private static List<String> normalized(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) out.add(normalize(l));
        return out;
    }

    private static List<String> trimmed(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) end--;
        return lines.subList(0, end);
    }
}
