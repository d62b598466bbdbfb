package io.nslab.cli.render;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.nslab.cli.outcome.NslabException;

/** Renders DOT to SVG with Graphviz's {@code dot}, when it is installed: only a renderer, no part of nslab's work. */
public final class Graphviz {
    private Graphviz() {}

    /** {@code dot} on the given PATH (a colon-separated list of directories), if there. */
    public static Optional<Path> locate(String pathVariable) {
        if (pathVariable == null) return Optional.empty();
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path dot = Path.of(dir, "dot");
            if (Files.isRegularFile(dot) && Files.isExecutable(dot)) return Optional.of(dot);
        }
        return Optional.empty();
    }

    /** SVG of {@code dotText}; a missing {@code dot} or a failing one is the system refusing (exit 3). */
    public static byte[] svg(String dotText, String pathVariable) {
        Path dot = locate(pathVariable).orElseThrow(() -> NslabException.system(
                "nslab graph: --format svg needs Graphviz's `dot` on PATH (Debian/Ubuntu: apt-get install graphviz); "
                        + "--format dot and --format mermaid need nothing"));
        try {
            Process p = new ProcessBuilder(dot.toString(), "-Tsvg").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(dotText.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            try (InputStream out = p.getInputStream()) {
                out.transferTo(svg);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw NslabException.system("nslab graph: " + dot + " took more than 60 s");
            }
            if (p.exitValue() != 0) throw NslabException.system("nslab graph: " + dot + " -Tsvg failed with exit code " + p.exitValue());
            return svg.toByteArray();
        } catch (IOException e) {
            throw NslabException.system("nslab graph: cannot run " + dot + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NslabException.system("nslab graph: interrupted");
        }
    }
}
