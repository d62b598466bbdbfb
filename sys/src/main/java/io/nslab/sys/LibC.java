package io.nslab.sys;

import java.nio.ByteBuffer;

import jnr.ffi.LibraryLoader;

/**
 * The C library calls nslab makes, declared once. Every kernel interaction of nslab goes
 * through here (or through {@code nslab-init}); nslab never runs {@code ip}, {@code nft} or
 * {@code mount}. Buffers passed here must be direct, so the kernel reads and writes them in
 * place. Use {@link Sys} for calls that turn a failure into a {@link SysException}.
 *
 * <p>Only int, long and ByteBuffer cross here, with no annotations: jnr-ffi saves errno after
 * every call anyway, and each annotation or converted type (String, IntByReference) made it
 * read annotations through generated proxy classes, a fifth of binding this interface (which
 * every command waits for). Strings go in as NUL-terminated buffers ({@link Sys#cString}),
 * lengths in and out as 4-byte buffers ({@link Sys#intBuffer}).
 */
public interface LibC {
    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    // Sockets (netlink, ICMP probes).
    int socket(int domain, int type, int protocol);
    int bind(int fd, ByteBuffer addr, int addrlen);
    int connect(int fd, ByteBuffer addr, int addrlen);
    long send(int fd, ByteBuffer buf, long len, int flags);
    long sendto(int fd, ByteBuffer buf, long len, int flags, ByteBuffer addr, int addrlen);
    long recv(int fd, ByteBuffer buf, long len, int flags);
    long recvfrom(int fd, ByteBuffer buf, long len, int flags, ByteBuffer addr, ByteBuffer addrlen);
    int setsockopt(int fd, int level, int optname, ByteBuffer optval, int optlen);
    int getsockopt(int fd, int level, int optname, ByteBuffer optval, ByteBuffer optlen);
    int getsockname(int fd, ByteBuffer addr, ByteBuffer addrlen);
    int poll(ByteBuffer fds, long nfds, int timeoutMillis);
    // ioctl(2), variadic in C, called in its three-argument forms: a pointer (capture: SIOCGIFINDEX,
    // SIOCGSTAMPNS; taps: TUNSETIFF) or a number (TUNSETPERSIST).
    int ioctl(int fd, long request, ByteBuffer arg);
    int ioctl(int fd, long request, long arg);

    // Memory shared with the kernel (capture: a packet socket's receive ring); mapped through
    // syscall(SYS_mmap), see SharedMapping.
    int munmap(long addr, long length);

    // Files.
    int open(ByteBuffer path, int flags, int mode);
    int close(int fd);
    int fcntl(int fd, int cmd, int arg);
    int flock(int fd, int operation);
    long read(int fd, ByteBuffer buf, long len);
    long write(int fd, ByteBuffer buf, long len);

    // Namespaces and mounts.
    int setns(int fd, int nstype);
    int unshare(int flags);
    int mount(ByteBuffer source, ByteBuffer target, ByteBuffer fstype, long flags, ByteBuffer data);
    int umount2(ByteBuffer target, int flags);

    // Processes.
    int getpid();
    int geteuid();
    int setsid();
    int dup2(int oldfd, int newfd);
    long syscall(long number);
    // Raw system calls with arguments (pidfd_open, pidfd_send_signal: no libc wrapper on older glibc).
    long syscall(long number, long arg1, long arg2);
    long syscall(long number, long arg1, long arg2, long arg3, long arg4);
    // mmap: six arguments.
    long syscall(long number, long arg1, long arg2, long arg3, long arg4, long arg5, long arg6);
    int kill(int pid, int sig);
    /** sched_setscheduler(2); pid 0 is the calling thread. */
    int sched_setscheduler(int pid, int policy, ByteBuffer param);

    /** The address of the C string describing errnum (see {@link Sys#strerror}). */
    long strerror(int errnum);
}
