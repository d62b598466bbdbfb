package io.nslab.sys;

/**
 * A failed system call or kernel request: the errno (number and name, e.g. {@code EEXIST})
 * and what was being done. {@link #getMessage()} reads like
 * {@code "create veth eth0: EEXIST (File exists)"}, with the kernel's own extended-ACK text
 * appended when netlink gave one.
 */
public class SysException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String what;
    private final String kernelMessage;

    public SysException(String what, int errno) {
        this(what, errno, null);
    }

    public SysException(String what, int errno, String kernelMessage) {
        super(format(what, errno, kernelMessage));
        this.what = what;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    private static String format(String what, int errno, String kernelMessage) {
        String text = what + ": " + Errno.name(errno) + " (" + Sys.strerror(errno) + ")";
        return kernelMessage == null || kernelMessage.isEmpty() ? text : text + ": " + kernelMessage;
    }

    public int errno() { return errno; }

    /** The symbolic errno, e.g. {@code "EEXIST"}. */
    public String errnoName() { return Errno.name(errno); }

    /** What nslab was doing when it failed. */
    public String what() { return what; }

    /** The kernel's extended-ACK message, or null when it gave none. */
    public String kernelMessage() { return kernelMessage; }
}
