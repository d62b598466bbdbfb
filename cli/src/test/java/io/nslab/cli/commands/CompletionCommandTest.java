package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nslab completion bash}, sourced in a real bash and driven as readline drives it
 * (COMP_WORDS, COMP_CWORD, COMP_LINE, then the function that {@code complete -F} names): the
 * candidates for a half-typed command, option and lab or node name.
 */
class CompletionCommandTest {
    @TempDir Path dir;
    Path script;

    @BeforeEach
    void writeScript() throws IOException {
        script = scriptWithTwoLabsUp(dir, "bash");
    }

    /**
     * {@code nslab completion SHELL} written in {@code dir}, beside two labs that are up as their
     * state directories ({@code dir/state}) and network namespaces ({@code dir/netns}) show them.
     */
    static Path scriptWithTwoLabsUp(Path dir, String shell) throws IOException {
        CommandRun r = nslab("completion", shell);
        assertEquals(0, r.code(), r.err());
        Path script = dir.resolve("nslab." + shell);
        Files.writeString(script, r.out());
        for (String d : List.of("state/alpha", "state/beta", "netns/alpha", "netns/alpha-web", "netns/alpha-client", "netns/beta", "netns/beta-db")) {
            Files.createDirectories(dir.resolve(d));
        }
        // alpha's plan as up writes it (Jackson's pretty printer); beta's is not there (not readable: a user's shell)
        Files.writeString(dir.resolve("state/alpha/plan.json"), ALPHA_PLAN);
        return script;
    }

    /**
     * The parts of a plan.json the completion reads: a bridge, a node's veth to it, one to the
     * host side and one between two nodes; around them, nodes and a check, whose netns and name
     * keys are no interface.
     */
    static final String ALPHA_PLAN = """
            {
              "version" : 1,
              "lab" : "alpha",
              "nodes" : [ {
                "name" : "web",
                "netns" : "alpha-web"
              } ],
              "steps" : [ {
                "step" : "CreateNetns",
                "name" : "alpha-web"
              }, {
                "step" : "CreateBridge",
                "netns" : "alpha",
                "name" : "br0",
                "mtu" : 1500
              }, {
                "step" : "CreateVeth",
                "netns" : "alpha",
                "name" : "web-eth0",
                "mac" : null,
                "peerNetns" : "alpha-web",
                "peerName" : "eth0",
                "peerMac" : null,
                "mtu" : 1500
              }, {
                "step" : "CreateVeth",
                "netns" : "alpha",
                "name" : "up0",
                "mac" : null,
                "peerNetns" : "alpha-client",
                "peerName" : "eth1",
                "peerMac" : null,
                "mtu" : 1500
              }, {
                "step" : "CreateVeth",
                "netns" : "alpha-web",
                "name" : "eth1",
                "mac" : null,
                "peerNetns" : "alpha-client",
                "peerName" : "eth2",
                "peerMac" : null,
                "mtu" : 1500
              }, {
                "step" : "LinkUp",
                "netns" : "alpha-web",
                "name" : "lo"
              } ],
              "checks" : [ {
                "netns" : "alpha-client",
                "name" : "ping web"
              } ]
            }
            """;

    /** What TAB offers after {@code line} (its last word is the one completed; "" after a space). */
    private List<String> complete(String line) throws IOException, InterruptedException {
        String bash = ". " + script + "\n"
                + "NSLAB_COMPLETION_STATE=" + dir.resolve("state") + " NSLAB_COMPLETION_NETNS=" + dir.resolve("netns") + "\n"
                + "COMP_LINE='" + line + "' COMP_POINT=" + line.length() + "\n"
                + "read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "fn=$(complete -p nslab | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')\n"
                + "$fn 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\" | sort\n";
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", bash).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "bash finished");
        return Arrays.stream(out.split("\n")).filter(s -> !s.isEmpty()).map(String::trim).map(s -> s.replace("'", "")).toList();
    }

    @Test
    void aHalfTypedCommandCompletesToTheCommands() throws Exception {
        assertEquals(List.of("status"), complete("nslab sta"));
        assertEquals(List.of("test", "top"), complete("nslab t"));
        assertEquals(List.of("completion"), complete("nslab compl"));
    }

    @Test
    void aHalfTypedOptionCompletesToTheCommandsOptions() throws Exception {
        assertEquals(List.of("--json"), complete("nslab up --js"));
        assertEquals(List.of("--lab"), complete("nslab exec --la"));
        assertEquals(List.of("--all", "--all-users"), complete("nslab down --a"));
    }

    @Test
    void labAndNodeNamesComeFromTheLabsThatAreUp() throws Exception {
        assertEquals(List.of("alpha", "beta"), complete("nslab status "));
        assertEquals(List.of("beta"), complete("nslab down b"));
        assertEquals(List.of("alpha", "beta"), complete("nslab exec -l "));
        assertEquals(List.of("client", "db", "web"), complete("nslab exec "));
        assertEquals(List.of("client", "web"), complete("nslab exec -l alpha "));
        // a node named after a command (web) is no command
        assertEquals(List.of("web", "web:eth0", "web:eth1"), complete("nslab capture -l alpha web w"));
        assertEquals(List.of("db"), complete("nslab inspect --lab beta "));
        assertEquals(List.of("client", "web"), complete("nslab logs -l alpha "));
        assertEquals(List.of("client", "web"), complete("nslab exec -u nobody -l alpha "));
    }

    /**
     * capture's targets and link's NODE:IF, from the plans of the labs that are up; NODE: where a
     * plan cannot be read. After a colon, the candidates are what follows it, as bash (which
     * breaks words at colons) puts them after it.
     */
    @Test
    void interfacesComeFromThePlansOfTheLabsThatAreUp() throws Exception {
        assertEquals(List.of("br0", "client", "client:eth1", "client:eth2", "db:", "host", "host:br0", "host:up0", "host:web-eth0",
                "web", "web:eth0", "web:eth1"), complete("nslab capture "));
        assertEquals(List.of("client:eth1", "client:eth2", "host:br0", "host:up0", "host:web-eth0", "web:eth0", "web:eth1"),
                complete("nslab link -l alpha "));
        assertEquals(List.of("eth0", "eth1"), complete("nslab link -l alpha web:"));
        assertEquals(List.of("eth1", "eth2"), complete("nslab capture -w x.pcapng -l alpha web client:e"));
        assertEquals(List.of("down", "up"), complete("nslab link web:eth0 "));
        assertEquals(List.of("db:"), complete("nslab link -l beta "));
    }

    @Test
    void theShellsComplete() throws Exception {
        assertEquals(List.of("bash", "fish", "zsh"), complete("nslab completion "));
    }

    /** zsh's script is driven in a real zsh by ZshCompletionTest. */
    @Test
    void aShellWithoutAScriptIsAnError() {
        assertEquals(new CommandRun(2, "", "nslab completion: no script for \"tcsh\": bash, zsh or fish\n"), nslab("completion", "tcsh"));
    }
}
