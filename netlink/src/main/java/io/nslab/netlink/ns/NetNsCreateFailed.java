package io.nslab.netlink.ns;

import io.nslab.sys.SysException;

/**
 * A bulk {@link NetNs#create(java.util.List)} that stopped part way. The namespaces before
 * {@link #made()} were created and stay (the caller undoes them by name); the one at that
 * index failed, with this errno (EEXIST: its name is someone else's), and none after it was
 * tried.
 */
public final class NetNsCreateFailed extends SysException {
    private static final long serialVersionUID = 1L;

    private final int made;

    public NetNsCreateFailed(int made, SysException cause) {
        super(cause.what(), cause.errno(), cause.kernelMessage());
        initCause(cause);
        this.made = made;
    }

    /** How many of the names, from the first, were created: also the index of the one that failed. */
    public int made() { return made; }
}
