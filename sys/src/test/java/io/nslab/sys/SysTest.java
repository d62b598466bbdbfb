package io.nslab.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SysTest {
    @Test
    void errnoHasItsSymbolicName() {
        assertEquals("EEXIST", Errno.name(17));
        assertEquals("EPERM", Errno.name(1));
        assertEquals("errno 9999", Errno.name(9999));
    }

    @Test
    void failedCallNamesErrnoAndWhat() {
        SysException e = assertThrows(SysException.class, () -> Sys.open("/nonexistent/nslab", Sys.O_RDONLY));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().startsWith("open /nonexistent/nslab: ENOENT (No such file or directory)"), e.getMessage());
    }

    @Test
    void gettidIsThisThreadsId() throws Exception {
        int tid = Sys.gettid();
        String self = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self")).toString();
        assertTrue(self.endsWith("/task/" + tid), self);
    }
}
