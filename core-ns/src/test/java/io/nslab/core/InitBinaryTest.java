package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The command lines nslab gives its init: what a student reads in `ps` for a node. */
class InitBinaryTest {
    private static final String INIT = InitBinary.path().toString();

    @Test
    void aFullNode() {
        NodeSpec spec = NodeSpec.basic("bridge", "web", "/run/netns/bridge-web")
                .withUser(UserMap.of("0:100000:65536"))
                .withHostsFile(Path.of("/run/nslab/bridge/hosts")).withHostsLine("10.0.0.2\tweb-1\n")
                .withRun(List.of("sh", "-c", "exec sleep 1d"));
        assertEquals(List.of(INIT, "init", "--net", "/run/netns/bridge-web", "--ns", "uts,ipc,pid,mnt,cgroup", "--user",
                "--hostname", "web", "--hosts", "/run/nslab/bridge/hosts", "--hosts-line", "10.0.0.2\tweb-1\n", "--", "sh", "-c", "exec sleep 1d"),
                InitBinary.initCommand(spec));
    }

    @Test
    void withoutUtsNoHostnameIsSet() {
        NodeSpec spec = NodeSpec.basic("l", "n", null).withNamespaces(EnumSet.of(NsKind.PID));
        assertEquals(List.of(INIT, "init", "--ns", "pid"), InitBinary.initCommand(spec));
    }

    @Test
    void exec() {
        assertEquals(List.of(INIT, "exec", "-i", "-t", "-e", "A=1", "-e", "B=2", "42", "777", "--", "ls", "-l"),
                InitBinary.execCommand(new ProcessStamp(42, 777), List.of("ls", "-l"), Map.of("B", "2", "A", "1"), true, true));
        assertThrows(IllegalArgumentException.class, () -> InitBinary.execCommand(new ProcessStamp(1, 1), List.of(), Map.of(), false, false));
    }

    @Test
    void theNodesEnvironmentWinsOverTheDefaults() {
        NodeSpec spec = NodeSpec.basic("l", "web", null).withEnv(Map.of("PATH", "/opt/bin", "MODE", "lab"));
        assertEquals(Map.of("PATH", "/opt/bin", "HOME", "/root", "HOSTNAME", "web", "MODE", "lab"), spec.environment());
    }
}
