package io.nslab.cli.web;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.state.LabMark;

/**
 * Starts the web server as a JVM of its own, child of {@code nslab web}, carrying the mark
 * {@value #MARK_LAB} in {@link LabMark#ENV}: like a lab's services supervisor it can then be
 * found by what looks for nslab's processes, and {@code nslab down --all} stops it (no lab
 * is named {@value #MARK_LAB}, so a lab's own {@code down} never does).
 */
public final class WebProcess {
    /** The lab part of the server's mark: never a lab's name (those start with a letter). */
    public static final String MARK_LAB = "@web";

    private final Process process;
    private final String url;

    private WebProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the server on 127.0.0.1:PORT and returns once it listens (its URL known). */
    public static WebProcess start(int port, String lab) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
        for (String property : List.of("nslab.init", "nslab.root", "nslab.state", "jffi.boot.library.path")) {
            String value = System.getProperty(property);
            if (value != null) cmd.add("-D" + property + "=" + value);
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(WebServerMain.class.getName());
        cmd.add(Integer.toString(port));
        if (lab != null) cmd.add(lab);
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(LabMark.ENV, new LabMark(MARK_LAB, LabMark.currentRoot()).text());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw NslabException.system("nslab web: cannot start the server: " + e.getMessage());
        }
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line != null && line.startsWith(WebServerMain.URL)) return new WebProcess(process, line.substring(WebServerMain.URL.length()));
        process.destroyForcibly();
        throw NslabException.system("nslab web: " + (line != null && line.startsWith(WebServerMain.ERROR)
                ? line.substring(WebServerMain.ERROR.length()) : "the server exited before it listened"));
    }

    public String url() { return url; }

    public long pid() { return process.pid(); }

    /** Waits for the server to end; it ends when this JVM does (its stdin closes). */
    public int waitFor() throws InterruptedException { return process.waitFor(); }

    /** Ends the server now: its stdin closes, and it closes every shell it opened. */
    public void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
