package io.nslab.core;

import io.nslab.sys.Sys;

/** The kinds of namespace a node has: their name under {@code /proc/PID/ns/} and their CLONE_NEW* flag. */
public enum NsKind {
    NET("net", Sys.CLONE_NEWNET),
    UTS("uts", Sys.CLONE_NEWUTS),
    IPC("ipc", Sys.CLONE_NEWIPC),
    PID("pid", Sys.CLONE_NEWPID),
    MNT("mnt", Sys.CLONE_NEWNS),
    CGROUP("cgroup", Sys.CLONE_NEWCGROUP),
    USER("user", Sys.CLONE_NEWUSER);

    private final String procName;
    private final int cloneFlag;

    NsKind(String procName, int cloneFlag) {
        this.procName = procName;
        this.cloneFlag = cloneFlag;
    }

    /** The file name under {@code /proc/PID/ns/}, also the lab file's name for it ({@code "mnt"}). */
    public String procName() { return procName; }

    /** The flag clone/unshare/setns take for this kind. */
    public int cloneFlag() { return cloneFlag; }

    /** The kind called {@code name} in {@code /proc/PID/ns/} and in lab files. */
    public static NsKind ofProcName(String name) {
        for (NsKind kind : values()) if (kind.procName.equals(name)) return kind;
        throw new IllegalArgumentException("unknown namespace kind '" + name + "'");
    }
}
