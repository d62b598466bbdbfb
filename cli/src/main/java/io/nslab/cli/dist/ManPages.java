package io.nslab.cli.dist;

import io.nslab.cli.manual.ManPage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.nslab.cli.Main;
import io.nslab.cli.launch.Version;
import picocli.CommandLine;

/**
 * Writes nslab's manual pages (nslab.1 and nslab-CMD.1 for each command) into a directory.
 * The build runs it (cli/pom.xml, into target/man): {@code man -l cli/target/man/nslab-up.1}.
 */
public final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws IOException {
        for (Path p : write(Path.of(args[0]))) System.out.println("man page: " + p);
    }

    /** Every page, written into {@code dir}; the paths written. */
    public static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        CommandLine nslab = Main.commandLine();
        List<CommandLine> commands = new ArrayList<>();
        commands.add(nslab);
        nslab.getSubcommands().forEach((name, c) -> {
            if (!name.equals("help")) commands.add(c);
        });
        List<Path> written = new ArrayList<>();
        for (CommandLine c : commands) {
            Path file = dir.resolve(ManPage.fileName(c));
            Files.writeString(file, ManPage.of(c, Version.version()));
            written.add(file);
        }
        return written;
    }
}
