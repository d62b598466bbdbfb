package io.nslab.cli.dist;

import io.nslab.cli.completion.BashCompletion;
import io.nslab.cli.completion.FishCompletion;
import io.nslab.cli.completion.ZshCompletion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.nslab.cli.Main;

/**
 * Writes the completion scripts a package installs (the build runs it, cli/pom.xml, into
 * target/completion): {@code nslab} for bash-completion's directory, {@code _nslab} for zsh's,
 * {@code nslab.fish} for fish's. The same scripts {@code nslab completion bash|zsh|fish} prints.
 */
public final class CompletionFiles {
    private CompletionFiles() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        String bash = BashCompletion.script(Main.commandLine());
        Files.writeString(dir.resolve("nslab"), bash);
        Files.writeString(dir.resolve("_nslab"), ZshCompletion.script(bash));
        Files.writeString(dir.resolve("nslab.fish"), FishCompletion.script(Main.commandLine()));
    }
}
