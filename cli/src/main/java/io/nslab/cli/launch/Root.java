package io.nslab.cli.launch;

import io.nslab.cli.outcome.NslabException;
import io.nslab.sys.Euid;

/** Building labs takes root (CAP_SYS_ADMIN and CAP_NET_ADMIN); say so in one line, before anything is done. */
public final class Root {
    private Root() {}

    public static void require(String command) {
        // Euid, not Sys.isRoot: Sys loads libc's binding (~120 ms), which exec and status do not need.
        // A user's nslab (the launcher ran it rootless) is root inside the user's own user
        // namespace once it joined it; outside, the user has no lab, which each command says.
        if (Euid.isRoot()) return;
        java.util.Optional<String> why = io.nslab.cli.launch.Rootless.error();
        if (why.isPresent()) {
            throw NslabException.system("nslab " + command + ": rootless labs do not work here: " + why.get()
                    + " (see: " + io.nslab.cli.launch.Invocation.command() + " doctor; or " + io.nslab.cli.launch.Invocation.asRoot(command + " ...") + ")");
        }
        if (io.nslab.cli.launch.Rootless.active()) return;
        throw NslabException.system("nslab " + command + ": needs root (try: " + io.nslab.cli.launch.Invocation.asRoot(command + " ...") + ")");
    }
}
