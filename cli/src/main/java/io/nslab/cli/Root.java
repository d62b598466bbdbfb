package io.nslab.cli;

import io.nslab.cli.NslabException;
import io.nslab.sys.Euid;

/** Building labs takes root (CAP_SYS_ADMIN and CAP_NET_ADMIN); say so in one line, before anything is done. */
public final class Root {
    private Root() {}

    public static void require(String command) {
        // Euid, not Sys.isRoot: Sys loads libc's binding (~120 ms), which exec and status do not need.
        if (!Euid.isRoot()) throw NslabException.system("nslab " + command + ": needs root (try: " + io.nslab.cli.Invocation.sudo(command + " ...") + ")");
    }
}
