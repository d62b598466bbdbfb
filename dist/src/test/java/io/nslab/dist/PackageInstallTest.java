package io.nslab.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What `mvn package` made, installed as a user would: the .deb by dpkg into a throwaway root
 * (its own dpkg database; the maintainer scripts run outside a chroot with DPKG_ROOT, as
 * dpkg's --force-script-chrootless does), the tarball unpacked; then nslab run from there.
 */
class PackageInstallTest {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private Path root;

    @BeforeEach
    void throwawayRoot() throws IOException {
        root = Files.createTempDirectory("nslab-dist");
    }

    @AfterEach
    void removeIt() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Test
    void theDebInstallsRunsAndRemovesWhole() throws Exception {
        Path deb = TARGET.resolve("nslab.deb");
        String listing = run("dpkg-deb", "--contents", deb.toString());
        for (String path : List.of("./usr/lib/nslab/nslab", "./usr/lib/nslab/nslab-init", "./usr/lib/nslab/nslab-cli.jar",
                "./usr/bin/nslab -> ../lib/nslab/nslab", "./usr/share/man/man1/nslab-up.1", "./usr/share/bash-completion/completions/nslab",
                "./usr/share/zsh/vendor-completions/_nslab", "./usr/share/fish/vendor_completions.d/nslab.fish",
                "./usr/share/nslab/labs/bridge.json", "./usr/share/nslab/labs/bridge.md")) {
            assertTrue(listing.contains(path), path + " not in the package:\n" + listing);
        }
        // nslab-init and jffi's stub are native: the package says for which machine, this one's
        assertEquals(run("dpkg", "--print-architecture"), run("dpkg-deb", "--field", deb.toString(), "Architecture"));
        Path admin = Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.createDirectories(admin.resolve("info"));
        Files.createDirectories(admin.resolve("updates"));
        Files.createFile(admin.resolve("status"));
        // --force-depends: the throwaway database knows no Java; the machine's is used.
        run("dpkg", "--root=" + root, "--force-script-chrootless", "--force-depends", "--install", deb.toString());

        Path nslab = root.resolve("usr/bin/nslab");
        String version = run(nslab.toString(), "--version");
        assertTrue(version.startsWith("nslab "), version);
        assertTrue(Files.exists(root.resolve("usr/lib/nslab/nslab.jsa")), "postinst made the class-data archive for the installed paths");
        usesItsArchive(nslab);
        run(nslab.toString(), "validate", root.resolve("usr/share/nslab/labs/bridge.json").toString()); // exit 0: valid
        assertTrue(run("man", "-l", "--no-hyphenation", root.resolve("usr/share/man/man1/nslab-up.1").toString()).contains("nslab up"));
        run("fish", "--no-execute", root.resolve("usr/share/fish/vendor_completions.d/nslab.fish").toString()); // fish reads it
        run("zsh", "-n", root.resolve("usr/share/zsh/vendor-completions/_nslab").toString()); // zsh too (ZshCompletionTest drives it)
        run("bash", "-n", root.resolve("usr/share/bash-completion/completions/nslab").toString());

        run("dpkg", "--root=" + root, "--force-script-chrootless", "--purge", "nslab");
        assertFalse(Files.exists(root.resolve("usr/lib/nslab")), "the package's directory, archive and all, is gone");
        assertFalse(Files.exists(nslab, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theTarballRunsFromWhereverItIsUnpacked() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(TARGET)) {
            tarball = files.filter(p -> p.getFileName().toString().matches("nslab-.*\\.tar\\.gz")).findFirst().orElseThrow();
        }
        run("tar", "-xzf", tarball.toString(), "-C", root.toString());
        Path dir;
        try (Stream<Path> dirs = Files.list(root)) {
            dir = dirs.findFirst().orElseThrow();
        }
        Path nslab = dir.resolve("nslab");
        String version = run(nslab.toString(), "--version");
        assertTrue(version.startsWith("nslab "), version);
        assertTrue(Files.exists(dir.resolve("nslab.jsa")), "the first run made the class-data archive beside the jar");
        usesItsArchive(nslab);
        // Moved elsewhere, the archive names class paths that are gone: the next run makes it again.
        Path moved = root.resolve("moved");
        Files.move(dir, moved);
        dir = moved;
        nslab = dir.resolve("nslab");
        usesItsArchive(nslab);
        run(nslab.toString(), "validate", dir.resolve("labs/bridge.yaml").toString()); // exit 0: valid
        assertTrue(Files.exists(dir.resolve("man/man1/nslab.1")));
        assertTrue(Files.readString(dir.resolve("completion/nslab")).contains("complete"));
        assertTrue(Files.readString(dir.resolve("completion/nslab.fish")).contains("complete -c nslab"));
    }

    /**
     * nslab starts with its class-data archive mapped: with -Xshare:on the JVM refuses to start
     * rather than share nothing, as it silently does with an archive made for other paths.
     */
    private static void usesItsArchive(Path nslab) throws IOException, InterruptedException {
        String version = run(Map.of("NSLAB_JAVA_OPTS", "-Xshare:on"), nslab.toString(), "--version");
        assertTrue(version.startsWith("nslab "), version);
    }

    /** Runs a command; its output (stdout and stderr), or an assertion error with it if it failed. */
    private static String run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
