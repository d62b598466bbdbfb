package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/**
 * {@code down --all} removes every lab that is up. The state root is moved to a directory of
 * the test's own (system property nslab.state), so "every lab" cannot mean a user's labs.
 */
@KernelTest
class DownAllTest {
    @TempDir Path tmp;

    @Test
    void downAllRemovesEveryLab() throws Exception {
        System.setProperty("nslab.state", tmp.resolve("state").toString());
        String a = Nslab.uniqueName(), b = Nslab.uniqueName();
        try {
            assertEquals(0, Nslab.run("up", Nslab.copyAs(Nslab.resource("routed.json"), a, tmp).toString()).code());
            assertEquals(0, Nslab.run("up", Nslab.copyAs(Nslab.resource("l2-switch.json"), b, tmp).toString()).code());
            Nslab.Run ls = Nslab.run("ls");
            assertTrue(ls.out().contains(a) && ls.out().contains(b), ls.toString());
            Nslab.Run down = Nslab.run("down", "--all");
            assertEquals(0, down.code(), down.toString());
            assertEquals(2, down.out().lines().filter(l -> l.endsWith(" is down")).count(), down.out());
            LabTraces.assertNone(a, a, List.of());
            LabTraces.assertNone(b, b, List.of());
            assertTrue(Nslab.run("ls").out().contains("no lab is up"));
        } finally {
            Nslab.run("down", a);
            Nslab.run("down", b);
            System.clearProperty("nslab.state");
        }
    }
}
