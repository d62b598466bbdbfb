package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.nslab.cli.state.StateDir;
import io.nslab.netlink.testing.KernelTest;

/**
 * A machine can hold a mount that its own paths no longer reach: /X/below mounted, then a file
 * system mounted on /X over it (seen on a machine whose /mnt is a tmpfs mounted after a tool's
 * /mnt/.../python). A node with a root of its own gets the machine's file systems mounted
 * right under its "/" each by its path; a hidden one is left out, as the machine cannot reach
 * it either, and the node comes up with the one on top. Built in a mount namespace of the
 * test's own (unshare and mount set the machine up; nslab runs inside), so the machine's
 * mount table never changes.
 */
@KernelTest
class HiddenMountTest {
    @Test
    void aMountHiddenOnTheMachineIsLeftOutAndTheNodeComesUp() throws Exception {
        String lab = Nslab.uniqueName();
        // On the machine's root file system: only a mount right under "/" is one the node gets by its path.
        Path top = Files.createTempDirectory(Path.of("/"), "nst-hidden");
        Path tmp = Files.createTempDirectory("nst-hidden");
        Path out = tmp.resolve("out"), err = tmp.resolve("err");
        try {
            Files.createDirectory(top.resolve("below"));
            Path file = tmp.resolve(lab + ".json");
            Files.writeString(file, ("{'name':'" + lab + "','bridges':{'br0':{'subnet':'10.233.0.0/24'}},"
                    + "'nodes':{'a':{'interfaces':{'eth0':{'bridge':'br0'}}}}}").replace('\'', '"'));
            List<String> nslab = new ArrayList<>(Nslab.builder(null, Map.of(), "").command());
            nslab.remove(nslab.size() - 1);
            String script = String.join("\n",
                    "mount -t tmpfs nst-below \"$TOP/below\" && mount -t tmpfs nst-top \"$TOP\" || exit 90",
                    "\"$@\" up \"$FILE\" || exit 91",
                    "\"$@\" exec a cat /proc/self/mountinfo; rc=$?",
                    "\"$@\" down \"$LAB\" >&2 || exit 92",
                    "exit $rc");
            List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"));
            cmd.addAll(nslab);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(Map.of("TOP", top.toString(), "FILE", file.toString(), "LAB", lab));
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("hung: " + Files.readString(err));
            }
            String mounts = Files.readString(out);
            assertEquals(0, p.exitValue(), "up, exec and down in the namespace where " + top + "/below is hidden: "
                    + Files.readString(err) + mounts);
            assertTrue(mounts.lines().anyMatch(l -> l.contains(" " + top + " ") && l.contains(" ro,") && l.contains(" - tmpfs nst-top ")),
                    "the node has the file system on top, read-only, at its path: " + mounts);
            assertFalse(mounts.contains("nst-below"), "and not the one it hides: " + mounts);
            assertFalse(Files.exists(StateDir.of(lab).plan()), "down removed the lab's state");
        } finally {
            Files.deleteIfExists(top.resolve("below"));
            Files.deleteIfExists(top);
            try (var files = Files.list(tmp)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(tmp);
        }
    }
}
