package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.topology.model.Lab;
import io.nslab.topology.model.Node;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Steps;

/** A node's run as one command (a string or an argv, as always) or as a list of commands, the last its program. */
class RunListTest {
    private static Node node(String run) {
        Lab lab = LabParser.parse(("{'name':'rl','nodes':{'a':{'run':" + run + "}}}").replace('\'', '"'), "test", Path.of("."));
        return lab.nodes().get("a");
    }

    @Test
    void oneCommandReadsAsItAlwaysDid() {
        assertEquals(List.of("/bin/sh", "-c", "mkdir /x && exec sleep 9"), node("'mkdir /x && exec sleep 9'").run());
        assertEquals(List.of(), node("'mkdir /x && exec sleep 9'").setup());
        // an array of strings is one argv, even of words that look like commands
        Node argv = node("['mkdir -p /x', 'exec sleep 9']");
        assertEquals(List.of("mkdir -p /x", "exec sleep 9"), argv.run());
        assertEquals(List.of(), argv.setup());
    }

    @Test
    void aListWithAnArgvIsCommandsTheLastOneTheProgram() {
        Node list = node("['mkdir -p /srv', ['touch', '/srv/a'], ['sleep', 'infinity']]");
        assertEquals(List.of(List.of("/bin/sh", "-c", "mkdir -p /srv"), List.of("touch", "/srv/a")), list.setup());
        assertEquals(List.of("sleep", "infinity"), list.run());
        Node shLast = node("[['mkdir', '/x'], 'exec sleep 9']");
        assertEquals(List.of(List.of("mkdir", "/x")), shLast.setup());
        assertEquals(List.of("/bin/sh", "-c", "exec sleep 9"), shLast.run());
        Node alone = node("[['sleep', '9']]");
        assertEquals(List.of(), alone.setup());
        assertEquals(List.of("sleep", "9"), alone.run());
    }

    @Test
    void thePlanCarriesTheSetupCommandsToTheNodesStart() {
        Lab lab = LabParser.parse("{'name':'rl','nodes':{'a':{'run':['true',['sleep','9']]}}}".replace('\'', '"'), "test", Path.of("."));
        Steps.StartNode start = PlanCompiler.compile(lab, false).steps().stream()
                .filter(s -> s instanceof Steps.StartNode).map(s -> (Steps.StartNode) s).findFirst().orElseThrow();
        assertEquals(List.of(List.of("/bin/sh", "-c", "true")), start.setup());
        assertEquals(List.of("sleep", "9"), start.run());
    }
}
