package io.nslab.labs.lessons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lesson's text (labs/NAME.md) as the doc test reads it: its commands in the order the text
 * gives them, each with the output the text shows, and the tokens it declares as varying.
 *
 * <ul>
 *   <li>A {@code console} block is a terminal: {@code $ COMMAND} lines, each followed by what it
 *       prints. A command goes on over the next lines while a quote is open or a line ends in
 *       {@code \}. A command ending in {@code &} runs in the background (a second terminal).</li>
 *   <li>A {@code sh} block shows commands without their output: of those, the lines that run
 *       {@code ./nslab up}, {@code check}, {@code test} or {@code down} are run (they make the
 *       lab's state); the rest are not (an install, a viewer).</li>
 *   <li>{@code <!-- varies: TOKEN ... -->} just before a {@code console} block names tokens of its
 *       output that differ from run to run (a PID, an inode, a measured figure): see
 *       {@link OutputMatch}.</li>
 * </ul>
 * (The format of the markers is documented for lesson writers in labs/README.md.)
 */
public record LessonText(Path file, List<Step> steps, List<Integer> bareNslab) {

    /**
     * One command of the text, where it is, what the text says it prints (null: not compared),
     * and the tokens declared varying for its block.
     */
    public record Step(int line, int block, String command, List<String> expected, boolean background, Set<String> varies) {
        public boolean compared() {
            return expected != null;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern VARIES = Pattern.compile("<!--\\s*varies:(.*?)-->");
    /** sh lines that change the lab's state: run, their output not shown. */
    private static final Pattern SH_RUN = Pattern.compile("^(?:sudo\\s+)?\\./nslab\\s+(?:up|check|test|down)\\b.*");
    /** nslab run as a command without ./ : not on a student's PATH ("command not found"). */
    private static final Pattern BARE = Pattern.compile("(?:^|[|;&(]\\s*|sudo\\s+)nslab\\s");

    public static LessonText read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Step> steps = new ArrayList<>();
        Set<String> varies = new LinkedHashSet<>(); // declared for the next block
        List<Integer> bare = new ArrayList<>();
        String kind = null;
        int block = 0;
        List<String> body = new ArrayList<>();
        int bodyStart = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (kind == null && fence.matches()) {
                kind = fence.group(1);
                body.clear();
                bodyStart = i + 2; // 1-based line number of the block's first line
                continue;
            }
            if (kind != null && line.startsWith("```")) {
                if (kind.equals("console")) steps.addAll(console(body, bodyStart, ++block, Set.copyOf(varies)));
                else if (kind.equals("sh")) steps.addAll(sh(body, bodyStart, ++block));
                varies.clear();
                kind = null;
                continue;
            }
            if (kind != null) {
                if (kind.equals("sh") && BARE.matcher(line.strip()).find()
                        || kind.equals("console") && line.startsWith("$ ") && BARE.matcher(line.substring(2).strip()).find()) bare.add(i + 1);
                body.add(line);
                continue;
            }
            Matcher v = VARIES.matcher(line);
            while (v.find()) for (String token : v.group(1).trim().split("\\s+")) if (!token.isEmpty()) varies.add(token);
        }
        if (kind != null) throw new IOException(file + ": a ``` block opened at line " + (bodyStart - 1) + " is never closed");
        return new LessonText(file, List.copyOf(steps), List.copyOf(bare));
    }

    static List<Step> console(List<String> body, int firstLine, int block, Set<String> varies) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < body.size() && !body.get(i).startsWith("$ ")) i++; // text before the first prompt: not a step
        while (i < body.size()) {
            int line = firstLine + i;
            StringBuilder command = new StringBuilder(body.get(i).substring(2));
            i++;
            while (i < body.size() && continues(command.toString())) command.append('\n').append(body.get(i++));
            List<String> expected = new ArrayList<>();
            while (i < body.size() && !body.get(i).startsWith("$ ")) expected.add(body.get(i++));
            String text = command.toString().strip();
            boolean background = text.endsWith("&") && !text.endsWith("&&");
            if (background) text = text.substring(0, text.length() - 1).strip();
            steps.add(new Step(line, block, text, List.copyOf(expected), background, varies));
        }
        return steps;
    }

    static List<Step> sh(List<String> body, int firstLine, int block) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String code = body.get(i).replaceFirst("\\s+#.*$", "").strip();
            if (SH_RUN.matcher(code).matches()) steps.add(new Step(firstLine + i, block, code, null, false, Set.of()));
        }
        return steps;
    }

    /** True while a command is not yet complete: a quote left open, or a trailing backslash. */
    static boolean continues(String command) {
        if (command.endsWith("\\")) return true;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == 0) {
                if (c == '\\') i++;
                else if (c == '\'' || c == '"') quote = c;
                else if (c == '#' && (i == 0 || Character.isWhitespace(command.charAt(i - 1)))) return false; // a comment
            } else if (c == quote) {
                quote = 0;
            } else if (quote == '"' && c == '\\') {
                i++;
            }
        }
        return quote != 0;
    }
}
