package io.nslab.cli.print;

/**
 * Numbers as commands print them, without {@link java.util.Formatter}: its first use in a JVM
 * loads the JDK's locale data, 20 to 45 ms of a short command such as {@code up}.
 */
public final class Numbers {
    private Numbers() {}

    /** Milliseconds as seconds with two decimals, rounded: 1234 → "1.23", 5 → "0.01". */
    public static String seconds(long millis) {
        long centis = (Math.max(0, millis) + 5) / 10;
        long fraction = centis % 100;
        return centis / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }

    /** {@code value} right-aligned in {@code width} characters (longer values are not cut). */
    public static String padLeft(long value, int width) {
        String s = Long.toString(value);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
