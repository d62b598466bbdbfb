package io.nslab.netlink.socket;

import io.nslab.sys.SysException;

/**
 * The kernel refused one request of several sent together: which one ({@link #request()}, its
 * place in the list given to {@link NetlinkSocket#executeAll}), and the tag its sender gave
 * it ({@link #tag()}, 0 when none: a caller's own number, e.g. the step of a plan it belongs
 * to), so that a failure in the middle of a batch is told of the step that asked for it.
 */
public final class RequestFailed extends SysException {
    private static final long serialVersionUID = 1L;
    private final int request, tag;

    public RequestFailed(SysException cause, int request, int tag) {
        super(cause.what(), cause.errno(), cause.kernelMessage());
        this.request = request;
        this.tag = tag;
        for (Throwable t : cause.getSuppressed()) addSuppressed(t);
    }

    public int request() { return request; }

    public int tag() { return tag; }

    public RequestFailed tagged(int newTag) {
        return new RequestFailed(this, request, newTag);
    }
}
