package io.nslab.netlink.sys;

import java.nio.ByteBuffer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;

/**
 * The C library calls nslab makes, declared once. Every kernel interaction of nslab goes
 * through here (or through {@code nslab-init}); nslab never runs {@code ip}, {@code nft} or
 * {@code mount}. Buffers passed here must be direct, so the kernel reads and writes them in
 * place. Use {@link Sys} for calls that turn a failure into a {@link SysException}.
 */
public interface LibC {
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    // Sockets (netlink, ICMP probes).
    @SaveError int socket(int domain, int type, int protocol);
    @SaveError int bind(int fd, @In ByteBuffer addr, int addrlen);
    @SaveError int connect(int fd, @In ByteBuffer addr, int addrlen);
    @SaveError long send(int fd, @In ByteBuffer buf, long len, int flags);
    @SaveError long sendto(int fd, @In ByteBuffer buf, long len, int flags, @In ByteBuffer addr, int addrlen);
    @SaveError long recv(int fd, @Out ByteBuffer buf, long len, int flags);
    @SaveError long recvfrom(int fd, @Out ByteBuffer buf, long len, int flags, @Out ByteBuffer addr, @In @Out IntByReference addrlen);
    @SaveError int setsockopt(int fd, int level, int optname, @In ByteBuffer optval, int optlen);
    @SaveError int getsockopt(int fd, int level, int optname, @Out ByteBuffer optval, @In @Out IntByReference optlen);
    @SaveError int getsockname(int fd, @Out ByteBuffer addr, @In @Out IntByReference addrlen);
    @SaveError int poll(@In @Out ByteBuffer fds, long nfds, int timeoutMillis);

    // Files.
    @SaveError int open(String path, int flags, int mode);
    @SaveError int close(int fd);
    @SaveError int fcntl(int fd, int cmd, int arg);
    @SaveError long read(int fd, @Out ByteBuffer buf, long len);
    @SaveError long write(int fd, @In ByteBuffer buf, long len);

    // Namespaces and mounts.
    @SaveError int setns(int fd, int nstype);
    @SaveError int unshare(int flags);
    @SaveError int mount(String source, String target, String fstype, long flags, Pointer data);
    @SaveError int umount2(String target, int flags);

    // Processes.
    int getpid();
    int geteuid();
    @SaveError int setsid();
    @SaveError int dup2(int oldfd, int newfd);
    @SaveError long syscall(long number);
    // Raw system calls with arguments (pidfd_open, pidfd_send_signal: no libc wrapper on older glibc).
    @SaveError long syscall(long number, long arg1, long arg2);
    @SaveError long syscall(long number, long arg1, long arg2, long arg3, long arg4);
    @SaveError int kill(int pid, int sig);

    String strerror(int errnum);
}
