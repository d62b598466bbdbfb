package io.nslab.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.kenai.jffi.MemoryIO;

/**
 * Memory shared with the kernel through a file descriptor: mmap(2) with MAP_SHARED, read and
 * write, seen as a direct buffer in the machine's byte order (a packet socket's receive ring is
 * one: the kernel writes packets into it, the program reads them in place, no copy and no
 * system call per packet). The buffer is valid until {@link #close}.
 */
public final class SharedMapping implements AutoCloseable {
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    private static final long MAP_FAILED = -1;
    /**
     * mmap's system call number. Not libc's mmap(): called through jnr-ffi from a JVM under
     * Maven's surefire it failed with EINVAL before any system call (strace showed none), the
     * same call by number worked, in both JVMs. The number differs by architecture: an
     * architecture not in the table is refused by name rather than given a wrong call.
     */
    private static final long SYS_MMAP = mmapNumber(System.getProperty("os.arch"));

    static long mmapNumber(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> 9;
            case "aarch64", "riscv64" -> 222; // the generic system-call table
            default -> -1;
        };
    }

    private final long address;
    private final int length;
    private final ByteBuffer buffer;
    private boolean closed;

    private SharedMapping(long address, int length) {
        this.address = address;
        this.length = length;
        this.buffer = MemoryIO.getInstance().newDirectByteBuffer(address, length).order(ByteOrder.nativeOrder());
    }

    /** Maps {@code length} bytes of {@code fd} from offset 0. */
    public static SharedMapping map(int fd, int length, String what) {
        if (SYS_MMAP < 0)
            throw new UnsupportedOperationException(what + ": mmap's system-call number is not known on " + System.getProperty("os.arch") + " (known: amd64, aarch64, riscv64)");
        long address = Sys.C.syscall(SYS_MMAP, 0, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (address == MAP_FAILED) throw new SysException(what, Sys.errno());
        return new SharedMapping(address, length);
    }

    public ByteBuffer buffer() { return buffer; }

    /** Unmaps the memory: the buffer must not be touched after. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Sys.C.munmap(address, length);
    }
}
