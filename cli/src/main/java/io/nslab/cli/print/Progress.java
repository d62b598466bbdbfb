package io.nslab.cli.print;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one line that says how far a long {@code up} or {@code down} is: namespaces, links, nodes
 * and services, each done of how many, rewritten in place (a carriage return, the line, erase to
 * its end) a few times a second. Only on a terminal, only once the work has taken a second (a
 * short command prints nothing more than before), never with {@code --json}; the line is erased
 * before the command prints its result or its error, so nothing of it is left on the screen.
 */
public final class Progress implements AutoCloseable {
    /** How long the work goes on before the line appears. NSLAB_PROGRESS_AFTER_MS moves it (0: at once). */
    static final long AFTER_MS = 1000;
    static final long EVERY_MS = 100;
    /** A line wider than the terminal would wrap, and a carriage return would no longer rewrite it. */
    static final int WIDTH = 79;
    private static final Progress NONE = new Progress(null, 0);

    /** Where the line goes; null: nowhere. */
    private final PrintStream out;
    private final long afterMs;
    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private String title = "";
    private String shown = "";
    private boolean closed;
    private Thread ticker;

    Progress(PrintStream out, long afterMs) {
        this.out = out;
        this.afterMs = afterMs;
    }

    /** No line: for what runs with no one watching (tests, a rollback, --json, a pipe). */
    public static Progress none() {
        return NONE;
    }

    /**
     * The line on this process's standard output when it is a terminal (as {@code top} decides:
     * {@link System#console()}, which wants standard input to be one too), and no JSON is asked for.
     */
    public static Progress onTerminal(boolean json) {
        if (json || System.console() == null) return NONE;
        return new Progress(System.out, afterMs(System.getenv("NSLAB_PROGRESS_AFTER_MS")));
    }

    static long afterMs(String setting) {
        try {
            return setting == null ? AFTER_MS : Math.max(0, Long.parseLong(setting.strip()));
        } catch (NumberFormatException e) {
            return AFTER_MS;
        }
    }

    /** What will be counted ({@code what} → how many; none are left out), in the line's order; the line's clock starts. */
    public synchronized void start(String title, Map<String, Integer> totals) {
        if (out == null || closed) return;
        this.title = title;
        counts.clear();
        totals.forEach((what, n) -> {
            if (n > 0) counts.put(what, new int[] {0, n});
        });
        if (afterMs == 0) show(); // at once means before any work, whatever the threads' timing
        if (ticker == null) {
            ticker = new Thread(this::tick, "nslab-progress");
            ticker.setDaemon(true);
            ticker.start();
        }
    }

    /** One more of {@code what} is done (what is not counted is ignored). */
    public void advance(String what) {
        advance(what, 1);
    }

    public synchronized void advance(String what, int n) {
        int[] c = counts.get(what);
        if (c != null) c[0] = Math.min(c[1], c[0] + n);
    }

    /** The line as it stands: {@code TITLE: namespaces 3/3, links 4/6, nodes 0/2, services 0/1}. */
    synchronized String line() {
        StringJoiner parts = new StringJoiner(", ", title + ": ", "");
        counts.forEach((what, c) -> parts.add(what + " " + c[0] + "/" + c[1]));
        String line = parts.toString();
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 3) + "...";
    }

    private void tick() {
        try {
            Thread.sleep(afterMs);
            while (true) {
                synchronized (this) {
                    if (closed) return;
                    show();
                }
                Thread.sleep(EVERY_MS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Rewrites the line if it changed. */
    private synchronized void show() {
        String line = line();
        if (!line.equals(shown)) {
            out.print("\r" + line + "\033[K");
            out.flush();
            shown = line;
        }
    }

    /** Erases the line, if it was shown; nothing more is shown after. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (out == null || closed) return;
            closed = true;
            if (!shown.isEmpty()) {
                out.print("\r\033[K");
                out.flush();
            }
            t = ticker;
        }
        if (t != null) t.interrupt();
    }
}
