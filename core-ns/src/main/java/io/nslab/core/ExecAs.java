package io.nslab.core;

/**
 * Who a command run in a node is, and where it starts ({@code docker exec -u USER[:GROUP] -w
 * DIR}). Both are read inside the node, by nslab-init once it joined the node's mount namespace
 * (exec_user.c): the user in the node's own /etc/passwd and /etc/group (its overlay or directory
 * root, not the machine's), the directory in its own tree.
 *
 * @param user    USER[:GROUP], each a name or a number; null: the node's root
 * @param workdir an absolute path in the node; null: /
 */
public record ExecAs(String user, String workdir) {
    /** The node's root, in / (what exec was before -u and -w). */
    public static final ExecAs NODE_ROOT = new ExecAs(null, null);
}
