package io.nslab.topology.parse;

/**
 * One problem of a lab file: where it is ({@code path}, a JSON path such as
 * {@code nodes.web.interfaces.eth0.bridge}, or {@code line L, column C} for broken JSON)
 * and what is wrong. Both are made printable on one line of reasonable length, whatever
 * the file held: messages quote names from the file, and a name may be 10 MB long or hold
 * a newline, a NUL, a terminal escape or a bidi override.
 */
public record LabError(String path, String message) {
    /** A run of this many characters without a space is shortened in messages. */
    static final int LONGEST_WORD = 120;

    public LabError {
        path = printable(path);
        message = printable(message);
    }

    @Override
    public String toString() { return path + ": " + message; }

    /** {@code s} with unprintable characters escaped (\n, \0, \u202e...) and over-long words shortened. */
    static String printable(String s) {
        if (s == null) return null;
        StringBuilder out = new StringBuilder(Math.min(s.length(), 4 * LONGEST_WORD));
        int word = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                word = 0;
                out.append(c);
                continue;
            }
            if (word == LONGEST_WORD) {
                // Skip to the end of this word, and say how long it was.
                int end = i;
                while (end < s.length() && s.charAt(end) != ' ') end++;
                out.append("...(").append(end - i + LONGEST_WORD).append(" characters)");
                i = end - 1;
                word++;
                continue;
            }
            if (word > LONGEST_WORD) continue;
            word++;
            out.append(escape(s, i));
        }
        return out.toString();
    }

    private static String escape(String s, int i) {
        char c = s.charAt(i);
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\0': return "\\0";
            default: break;
        }
        int type = Character.getType(c);
        boolean lonely = Character.isHighSurrogate(c) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
        if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || lonely) {
            return String.format("\\u%04x", (int) c);
        }
        return String.valueOf(c);
    }
}
