package io.nslab.topology.model;

/**
 * A check's expected outcome: {@code fail} (the probe must not succeed; for exec, a non-zero
 * exit), or success with, for http, an optional {@code status} and {@code bodyContains}, and
 * for exec an optional {@code exit} status (null means 0), {@code stdoutContains} and
 * {@code stdoutLacks} (text that must not be in the command's standard output).
 */
public record Expect(boolean fail, Integer status, String bodyContains, Integer exit, String stdoutContains,
                     String stdoutLacks) {
    public static final Expect OK = new Expect(false, null, null);
    public static final Expect FAIL = new Expect(true, null, null);

    /** An http expectation (or plain ok/fail). */
    public Expect(boolean fail, Integer status, String bodyContains) {
        this(fail, status, bodyContains, null, null, null);
    }

    /** An exec expectation: an exit status (null: 0) and text its standard output must or must not hold. */
    public static Expect exec(Integer exit, String stdoutContains, String stdoutLacks) {
        return new Expect(false, null, null, exit, stdoutContains, stdoutLacks);
    }
}
