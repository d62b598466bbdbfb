package io.nslab.core.cgroup;

/** A cgroup operation the kernel (or this machine's layout) refused, with what was tried. */
public class CgroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The cgroup to create exists already: it is not this lab's to remove. */
    public static final class Exists extends CgroupException {
        private static final long serialVersionUID = 1L;

        public Exists(String message) {
            super(message);
        }
    }
}
