package io.nslab.cli.web;

/** Daemon platform threads for the web server's blocking work (terminals, probes, netlink). */
final class Threads {
    private Threads() {}

    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
