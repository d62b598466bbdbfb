package io.nslab.labs.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Puts {@link Faults} into an nslab JVM the tests start, the release launcher included: a Java
 * agent ({@code -javaagent:JAR=SPEC}, passed through the launcher's NSLAB_JAVA_OPTS) whose jar
 * holds only this package, built from the test classes on first use. The JVM appends the jar
 * to its class path and runs {@link #premain} before nslab's main: the faults are installed
 * before the first step. Nothing of this is in nslab's own jars.
 */
public final class FaultsAgent {
    private FaultsAgent() {}

    public static void premain(String spec) {
        Faults.install(spec);
    }

    /** The agent's jar (made once per test JVM, under target/). */
    public static synchronized Path jar() {
        Path jar = Path.of("target", "nslab-test-faults.jar").toAbsolutePath();
        if (Files.exists(jar) && built) return jar;
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), FaultsAgent.class.getName());
        try {
            Path classes = Path.of(FaultsAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String pkg = FaultsAgent.class.getPackageName().replace('.', '/');
            Path tmp = Files.createTempFile(jar.getParent(), "faults", ".jar");
            try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file, manifest);
                 var entries = Files.list(classes.resolve(pkg))) {
                for (Path c : entries.toList()) {
                    out.putNextEntry(new JarEntry(pkg + "/" + c.getFileName()));
                    Files.copy(c, out);
                    out.closeEntry();
                }
            }
            Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        built = true;
        return jar;
    }

    private static boolean built;
}
