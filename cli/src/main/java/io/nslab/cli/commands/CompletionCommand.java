package io.nslab.cli.commands;

import java.util.concurrent.Callable;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.completion.BashCompletion;
import io.nslab.cli.completion.FishCompletion;
import io.nslab.cli.completion.ZshCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Print the shell completion script for nslab.",
            "",
            "TAB then completes commands, options, lab files, the names of the labs that are up (status, check, down, -l/--lab...), the nodes of a lab (exec, inspect) and their interfaces, NODE:IF (capture, link; read from the lab's plan, which is root's: a user gets NODE:). The script is made from nslab's own command tree, so it always matches this version. bash and fish have their own; zsh's runs bash's through zsh's bashcompinit. Needs no root."},
        footer = {"",
            "Examples:",
            "  # try it in this shell",
            "  source <(nslab completion bash)",
            "  # every new bash (bash-completion; mkdir -p the directory first)",
            "  nslab completion > ~/.local/share/bash-completion/completions/nslab",
            "  # every new zsh",
            "  nslab completion zsh > ~/.nslab.zsh; echo '. ~/.nslab.zsh' >> ~/.zshrc",
            "  # every new fish (mkdir -p ~/.config/fish/completions first)",
            "  nslab completion fish > ~/.config/fish/completions/nslab.fish",
            "",
            "Exit codes: 0 printed, 2 a shell nslab has no script for."})
public final class CompletionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SHELL", arity = "0..1", defaultValue = "bash", completionCandidates = Shells.class,
            description = "bash (the default), zsh or fish")
    String shell;

    /** What TAB offers for SHELL (picocli puts them in the bash script). */
    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(java.util.List.of("bash", "zsh", "fish"));
        }
    }

    @Override
    public Integer call() {
        // The whole command tree: nslab builds it whole for this command (Main.commandLine).
        CommandLine nslab = spec.root().commandLine();
        switch (shell) {
            case "bash" -> spec.commandLine().getOut().print(BashCompletion.script(nslab));
            case "zsh" -> spec.commandLine().getOut().print(ZshCompletion.script(BashCompletion.script(nslab)));
            case "fish" -> spec.commandLine().getOut().print(FishCompletion.script(nslab));
            default -> {
                spec.commandLine().getErr().println("nslab completion: no script for \"" + shell + "\": bash, zsh or fish");
                return ExitCode.BAD_INPUT;
            }
        }
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
