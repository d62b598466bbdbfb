package io.nslab.netlink.socket;

import io.nslab.netlink.msg.MessageBuilder;

/**
 * A message to send and what it does, in words, for the error the user sees
 * ({@code "create veth v1"}). {@code toleratedErrno} is an errno that counts as success
 * (ENOENT for a delete that tolerates absence), or 0.
 */
public record Request(MessageBuilder message, String what, int toleratedErrno) {
    public Request(MessageBuilder message, String what) {
        this(message, what, 0);
    }
}
