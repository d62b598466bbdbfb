package io.nslab.cli.launch;

/**
 * How the user started nslab, for the commands its messages suggest: the launcher passes its
 * own path as typed ({@code ./nslab} from the repository, {@code nslab} from PATH), so a
 * suggested {@code sudo ./nslab down bridge} can be pasted as it is.
 */
public final class Invocation {
    private Invocation() {}

    /** The command that runs nslab, quoted for a POSIX shell when it needs to be. */
    public static String command() {
        String typed = System.getProperty("nslab.invoked", "");
        if (typed.isBlank()) return "nslab";
        return typed.matches("[A-Za-z0-9_./+-]+") ? typed : "'" + typed.replace("'", "'\\''") + "'";
    }

    /**
     * {@code sudo COMMAND ARGS}: a suggestion to run as root; without sudo for a user whose labs
     * are rootless (they run their labs' commands as themselves).
     */
    public static String sudo(String args) {
        return io.nslab.cli.launch.Rootless.active() ? command() + " " + args : asRoot(args);
    }

    /** {@code sudo COMMAND ARGS}, always: for what only root can do. */
    public static String asRoot(String args) {
        return "sudo " + command() + " " + args;
    }
}
