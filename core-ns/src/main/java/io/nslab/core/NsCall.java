package io.nslab.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.nslab.sys.InNamespace;

/**
 * Runs Java code inside a node's namespaces: on a fresh platform thread that joins them and
 * dies afterwards (threads started from it inherit them; no pool thread is ever left in a
 * node). The mount namespace comes last, since after it paths resolve in the node. User
 * namespaces are refused: the kernel lets only single-threaded processes join one.
 */
public final class NsCall {
    private NsCall() {}

    public static <T> T call(List<NsRef> namespaces, Callable<T> task) {
        List<InNamespace.Target> targets = new ArrayList<>();
        NsRef mnt = null;
        for (NsRef ns : namespaces) {
            if (ns.kind() == NsKind.USER) throw new IllegalArgumentException("a JVM thread cannot join a user namespace (the JVM is multithreaded)");
            if (ns.kind() == NsKind.MNT) mnt = ns;
            else targets.add(ns.target());
        }
        if (mnt != null) targets.add(mnt.target());
        return InNamespace.call(targets, task);
    }
}
