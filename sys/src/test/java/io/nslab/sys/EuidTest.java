package io.nslab.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EuidTest {
    @Test
    void procSaysWhatLibcSays() {
        assertEquals(Sys.C.geteuid(), Euid.current());
        assertEquals(Sys.C.geteuid() == 0, Euid.isRoot());
    }
}
