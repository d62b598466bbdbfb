package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

/** The small values of core-ns: parsing and the rules they hold. */
class ValuesTest {
    @Test
    void procStatCountsFieldsAfterTheLastParenthesis() {
        // A command name with spaces and a ')' must not shift the fields.
        String line = "4242 (evil) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615";
        assertEquals(new ProcStat(4242, 'S', 1, 987654), ProcStat.parse(line));
        assertTrue(ProcStat.parse(line.replace(") S ", ") Z ")).dead());
    }

    @Test
    void userMapsAreInOutCount() {
        assertEquals("0 100000 65536\n", UserMap.procFormat(UserMap.of("0:100000:65536").uid()));
        assertThrows(IllegalArgumentException.class, () -> UserMap.of("0-100000-65536"));
        assertThrows(IllegalArgumentException.class, () -> new UserMap("0:1:1", "0:1:0"));
    }

    @Test
    void nsKindsNameTheirProcFiles() {
        assertEquals(NsKind.MNT, NsKind.ofProcName("mnt"));
        assertEquals(0x00020000, NsKind.MNT.cloneFlag());
        assertEquals("uts:[4026531838]", new NsRef(NsKind.UTS, 4026531838L, "/proc/1/ns/uts").display());
        assertThrows(IllegalArgumentException.class, () -> NsKind.ofProcName("time"));
    }

    @Test
    void aNodeSpecRefusesWhatCannotWork() {
        NodeSpec basic = NodeSpec.basic("l", "n", null);
        assertThrows(IllegalArgumentException.class, () -> basic.withNamespaces(EnumSet.of(NsKind.NET)));
        // Mounts over /etc/hosts without a mount namespace of its own would change the machine's.
        assertThrows(IllegalArgumentException.class,
                () -> basic.withHostsFile(Path.of("/tmp/hosts")).withNamespaces(EnumSet.of(NsKind.UTS)));
        assertEquals(NodeSpec.ALL, basic.namespaces());
        assertEquals("n", basic.hostname());
    }
}
