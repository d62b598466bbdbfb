package io.nslab.cli.launch;

import io.nslab.cli.outcome.ExitCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine;

/**
 * {@code nslab --version}: the build's version and the git commit it was built from (written into
 * the jar by the build, see cli/pom.xml: nothing is asked of git or the network at run time).
 */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"nslab " + version() + " (commit " + commit() + ")",
                "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")};
    }

    /** {@code nslab --version --json}: one compact object (docs/json.md); returns the exit code. */
    public static int printJson(java.io.PrintWriter out) {
        out.println(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("version", version()).put("commit", commit())
                .put("java", System.getProperty("java.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version")).toString());
        out.flush();
        return ExitCode.OK;
    }

    /** The project's version, from the jar manifest when there is one. */
    public static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** The commit the build saw ({@code git describe --always --dirty}), or "unknown" outside a checkout. */
    public static String commit() {
        try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("commit", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
