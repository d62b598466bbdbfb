package io.nslab.cli.commands;

import static io.nslab.cli.commands.CommandRun.nslab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir Path dir;

    Path file(String json) throws IOException {
        Path f = dir.resolve("lab.json");
        Files.writeString(f, json.replace('\'', '"'));
        return f;
    }

    @Test
    void aGoodFileIsSilent() {
        CommandRun r = nslab("validate", CommandRun.LABS.resolve("bridge.json").toString());
        assertEquals(new CommandRun(0, "", ""), r);
    }

    @Test
    void verboseSummarizes() {
        CommandRun r = nslab("validate", "-v", CommandRun.LABS.resolve("bridge.json").toString());
        assertEquals(new CommandRun(0, "bridge: 3 nodes, 1 bridge, 1 link, 5 checks\n", ""), r);
    }

    @Test
    void everyErrorOnStderrOneLineEachExitTwo() throws IOException {
        Path f = file("{'name':'t','bridges':{'br0':{'subnet':'10.0.0.0/24'}},'nodes':{'web':{'interfaces':{'eth0':{'bridge':'br1'}}},'x':{'mtu':5}}}");
        CommandRun r = nslab("validate", f.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(f + ": nodes.x.mtu: unknown key in a node (known: hostname, interfaces, netns, namespaces, user, routes, sysctls, publish, services, run, env, limits, root, mounts, files, capabilities, privileged)\n"
                + f + ": nodes.web.interfaces.eth0.bridge: no bridge named \"br1\" (known: br0)\n", r.err());
    }

    @Test
    void brokenJsonGivesLineAndColumn() throws IOException {
        Path f = file("{'name':'t',\n'nodes':{'a':{}}");
        CommandRun r = nslab("validate", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(f + ": line 2, column 17: broken JSON: "), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void aYamlFileIsReadAsYamlWithTheSameMessages() throws IOException {
        assertEquals(new CommandRun(0, "bridge: 3 nodes, 1 bridge, 1 link, 5 checks\n", ""),
                nslab("validate", "-v", CommandRun.LABS.resolve("bridge.yaml").toString()));
        Path f = dir.resolve("lab.yml");
        Files.writeString(f, "name: t\nnodes:\n  web: { interfaces: { eth0: { bridge: br1 } } }\n");
        assertEquals(new CommandRun(2, "", f + ": nodes.web.interfaces.eth0.bridge: no bridge named \"br1\" (the lab has none)\n"),
                nslab("validate", f.toString()));
        Files.writeString(f, "name: t\nnodes:\n  web: {\n");
        CommandRun broken = nslab("validate", f.toString());
        assertEquals(2, broken.code());
        assertTrue(broken.err().startsWith(f + ": line 4, column 1: broken YAML: "), broken.err());
        assertEquals(1, broken.err().lines().count());
    }

    @Test
    void jsonListsErrorsForScripts() throws IOException {
        Path f = file("{'name':'T','nodes':{'a':{}}}");
        CommandRun r = nslab("validate", "--json", f.toString());
        assertEquals(2, r.code());
        assertEquals("{\"errors\":[{\"path\":\"name\",\"message\":\"\\\"T\\\" is not a lab name: a lowercase letter, then up to 11 of a-z 0-9 -\"}]}\n", r.out());
        assertEquals(new CommandRun(0, "{\"errors\":[]}\n", ""), nslab("validate", "--json", CommandRun.LABS.resolve("bridge.json").toString()));
    }

    @Test
    void aMissingFileIsBadInput() {
        CommandRun r = nslab("validate", dir.resolve("nope.json").toString());
        assertEquals(new CommandRun(2, "", dir.resolve("nope.json") + ": file: no such file\n"), r);
    }

    @Test
    void helpTeachesWithAnExample() {
        CommandRun r = nslab("validate", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Examples:") && r.out().contains("\n  nslab validate labs/bridge.json\n"), r.out());
    }
}
