package io.nslab.cli.run;

import io.nslab.cli.NslabException;
import io.nslab.netlink.sys.Sys;

/** Building labs takes root (CAP_SYS_ADMIN and CAP_NET_ADMIN); say so in one line, before anything is done. */
public final class Root {
    private Root() {}

    public static void require(String command) {
        if (!Sys.isRoot()) throw NslabException.system("nslab " + command + ": needs root (try: sudo nslab " + command + " ...)");
    }
}
