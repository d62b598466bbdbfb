package io.nslab.cli.state;

import java.nio.file.Path;

/** Test helper, a process of its own: takes a lab's lock, says "held" (or "busy"), and keeps it until killed or stdin closes. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        var lock = LabLock.tryAcquire(new StateDir(Path.of(args[0])));
        System.out.println(lock.isPresent() ? "held" : "busy");
        System.out.flush();
        System.in.read(); // until the test closes our stdin, or kills us
        lock.ifPresent(LabLock::close);
    }
}
