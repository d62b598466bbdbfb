package io.nslab.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code nslab completion fish}, sourced in a real fish and asked what TAB offers
 * ({@code complete -C LINE}, fish's own way to run its completions on a line): commands,
 * options, lab and node names, files where a command takes a file and none where it does not.
 */
class FishCompletionTest {
    @TempDir Path dir;
    Path script;

    @BeforeEach
    void writeScript() throws IOException {
        script = CompletionCommandTest.scriptWithTwoLabsUp(dir, "fish");
        // where fish is run: a lab file and a directory, for file completion
        Files.createDirectories(dir.resolve("cwd/bridge.json"));
        Files.createDirectories(dir.resolve("cwd/sub"));
    }

    /** fish's own output and its exit code. */
    private String fish(String commands) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("fish", "--no-config", "-c", commands).directory(dir.resolve("cwd").toFile());
        pb.environment().put("NSLAB_COMPLETION_STATE", dir.resolve("state").toString());
        pb.environment().put("NSLAB_COMPLETION_NETNS", dir.resolve("netns").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "fish finished");
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err, "fish said something on stderr");
        return out;
    }

    /** The candidates TAB offers after {@code line}, without their descriptions, sorted. */
    private List<String> complete(String line) throws IOException, InterruptedException {
        String out = fish("source " + script + "; complete -C '" + line + "'");
        return Arrays.stream(out.split("\n")).filter(s -> !s.isEmpty()).map(s -> s.split("\t")[0]).sorted().toList();
    }

    @Test
    void fishParsesTheScript() throws Exception {
        fish("fish --no-execute " + script);
    }

    @Test
    void everyCommandIsOfferedWithItsSummary() throws Exception {
        String out = fish("source " + script + "; complete -C 'nslab '");
        CommandLine nslab = Main.commandLine();
        assertEquals(new TreeSet<>(nslab.getSubcommands().keySet()),
                new TreeSet<>(Arrays.stream(out.split("\n")).map(s -> s.split("\t")[0]).toList()), out);
        assertTrue(out.contains("status\tShow one lab as the kernel has it now\n"), out);
        assertEquals(List.of("status"), complete("nslab sta"));
        assertEquals(List.of("test", "top"), complete("nslab t"));
    }

    @Test
    void everyOptionOfEveryCommandIsOffered() throws Exception {
        for (Map.Entry<String, CommandLine> c : Main.commandLine().getSubcommands().entrySet()) {
            if (c.getKey().equals("help")) continue;
            TreeSet<String> expected = new TreeSet<>();
            for (OptionSpec o : c.getValue().getCommandSpec().options()) {
                for (String n : o.names()) if (n.startsWith("--")) expected.add(n);
            }
            assertEquals(expected, new TreeSet<>(complete("nslab " + c.getKey() + " --")), c.getKey());
        }
    }

    @Test
    void labAndNodeNamesComeFromTheLabsThatAreUp() throws Exception {
        assertEquals(List.of("alpha", "beta"), complete("nslab status "));
        assertEquals(List.of("alpha", "beta"), complete("nslab check -l "));
        assertEquals(List.of("client", "db", "web"), complete("nslab exec "));
        assertEquals(List.of("client", "web"), complete("nslab exec -l alpha "));
        assertEquals(List.of("db"), complete("nslab inspect --lab beta "));
        assertEquals(List.of("client", "web"), complete("nslab logs -l alpha "));
        assertTrue(complete("nslab cp -l alpha ").containsAll(List.of("client:", "web:", "bridge.json/", "sub/")), complete("nslab cp -l alpha ").toString());
        assertEquals(List.of(), complete("nslab logs -l alpha web "));
        assertEquals(List.of("client", "web"), complete("nslab exec -u nobody -l alpha "));
        // interfaces from the plans of the labs that are up; NODE: where a plan cannot be read (beta's)
        assertEquals(List.of("client:eth1", "client:eth2", "host:br0", "host:up0", "host:web-eth0", "web:eth0", "web:eth1"),
                complete("nslab link -l alpha "));
        assertEquals(List.of("db:"), complete("nslab link -l beta "));
        assertEquals(List.of("br0", "client", "client:eth1", "client:eth2", "db:", "host", "host:br0", "host:up0", "host:web-eth0",
                "web", "web:eth0", "web:eth1"), complete("nslab capture -w x.pcapng web "));
        assertEquals(List.of("down", "up"), complete("nslab link web:eth0 "));
        // a lab's name or its file
        assertTrue(complete("nslab down ").containsAll(List.of("alpha", "beta", "bridge.json/", "sub/")), complete("nslab down ").toString());
    }

    @Test
    void filesWhereACommandTakesAFileAndNoneWhereItDoesNot() throws Exception {
        assertEquals(List.of("bridge.json/", "sub/"), complete("nslab up "));
        assertEquals(List.of("bridge.json/", "sub/"), complete("nslab validate --json "));
        assertEquals(List.of(), complete("nslab ls "));
        assertEquals(List.of(), complete("nslab status alpha "));
        assertTrue(complete("nslab ").stream().noneMatch(c -> c.endsWith("/")), "files before a command");
        assertEquals(List.of("bash", "fish", "zsh"), complete("nslab completion "));
    }

    @Test
    void afterExecsNodeComesACommandLineOfItsOwn() throws Exception {
        List<String> commands = complete("nslab exec -l alpha web pin");
        assertTrue(commands.contains("ping"), commands.toString());
        assertEquals(List.of("bridge.json/", "sub/"), complete("nslab exec web ls "));
    }
}
