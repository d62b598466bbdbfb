package io.nslab.cli.web;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The web server's process, started by {@code nslab web} ({@link WebProcess}): it prints
 * {@code url URL} (or {@code error TEXT}) on its stdout, then serves until its stdin, a pipe
 * from {@code nslab web}, ends: it never outlives the command that started it, however that
 * command ends (Ctrl-C, kill -9, a closed terminal).
 *
 * <p>Arguments: PORT [LAB].
 */
public final class WebServerMain {
    static final String URL = "url ", ERROR = "error ";

    private WebServerMain() {}

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        WebServer server;
        try {
            server = WebServer.start(Integer.parseInt(args[0]), args.length > 1 ? args[1] : null);
        } catch (Exception e) {
            out.println(ERROR + (e.getMessage() == null ? e.toString() : e.getMessage()));
            System.exit(3);
            return;
        }
        out.println(URL + server.url());
        while (System.in.read() >= 0) {
            // nothing is sent; we only wait for the end
        }
        server.close();
        System.exit(0);
    }
}
