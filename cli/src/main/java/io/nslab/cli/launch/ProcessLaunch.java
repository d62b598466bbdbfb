package io.nslab.cli.launch;

/**
 * How this JVM starts processes. From JDK 12 on, Linux's default is posix_spawn of the JDK's
 * own jspawnhelper, which then execs the program: two programs started for each one. vfork and
 * exec, the default until JDK 11, starts only the program. A check of a 100-node lab starts a
 * hundred nslab-init at once; on a busy 2-core machine a hundred starts took 1.2 s one way and
 * 0.5 s the other, and the whole check 4.2 s against 3.9 s (bench/check.sh prints both).
 */
public final class ProcessLaunch {
    static final String PROPERTY = "jdk.lang.Process.launchMechanism";
    /** The last JDK where VFORK is not deprecated: later ones warn, and may refuse it. */
    static final int LAST_WITH_VFORK = 21;

    private ProcessLaunch() {}

    /** Before the first process starts: the JDK reads the property once. */
    public static void useVfork() {
        String chosen = chosen(Runtime.version().feature(), System.getProperty(PROPERTY));
        if (chosen != null) System.setProperty(PROPERTY, chosen);
    }

    /** The mechanism to set, or null to leave the JDK's choice: never over one made with -D. */
    static String chosen(int jdkFeature, String configured) {
        return configured == null && jdkFeature <= LAST_WITH_VFORK ? "VFORK" : null;
    }
}
