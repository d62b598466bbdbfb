package io.nslab.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedMappingTest {
    @Test
    void writesThroughTheBufferReachTheFileAndBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared");
        Files.write(file, new byte[8192]);
        int fd = Sys.open(file.toString(), Sys.O_RDWR | Sys.O_CLOEXEC);
        try (SharedMapping m = SharedMapping.map(fd, 8192, "mmap " + file)) {
            m.buffer().put(4096, (byte) 'n');
            assertEquals('n', Files.readAllBytes(file)[4096], "a MAP_SHARED write is the file's byte");
            try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) { f.write('s'); }
            assertEquals('s', m.buffer().get(0), "the file's write is the mapping's byte");
        } finally {
            Sys.close(fd);
        }
    }

    @Test
    void theSystemCallNumberIsKnownPerArchitectureOrRefused() {
        assertEquals(9, SharedMapping.mmapNumber("amd64"));
        assertEquals(222, SharedMapping.mmapNumber("aarch64"));
        assertEquals(-1, SharedMapping.mmapNumber("s390x"));
    }
}
