package io.nslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

class MainSubcommandsTest {
    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("exec"), Main.commandLine("exec", "-l", "lab", "n1", "true").getSubcommands().keySet());
        assertEquals(Set.of("pingall"), Main.commandLine("pingall", "--json").getSubcommands().keySet());
    }

    @Test
    void helpNoSubcommandOrAnUnknownOneGetThemAll() {
        int all = Main.commandLine().getSubcommands().size();
        assertEquals(14, all);
        assertEquals(all, Main.commandLine("help", "exec").getSubcommands().size());
        assertEquals(all, Main.commandLine("--help").getSubcommands().size());
        assertEquals(all, Main.commandLine().getSubcommands().size());
        assertEquals(all, Main.commandLine("nosuch").getSubcommands().size());
    }

    @Test
    void aSubcommandBuiltAloneKeepsTheErrorPolicy() {
        // nslab's handler turns the command's NslabException into its exit code (2);
        // picocli's default would exit 1 with a stack trace.
        assertEquals(ExitCode.BAD_INPUT, Main.run("pingall", "--timeout", "0"));
    }
}
