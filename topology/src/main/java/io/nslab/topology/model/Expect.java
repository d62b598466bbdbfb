package io.nslab.topology.model;

/**
 * A check's expected outcome: {@code fail} (the probe must not succeed), or success with,
 * for http, an optional {@code status} and {@code bodyContains}.
 */
public record Expect(boolean fail, Integer status, String bodyContains) {
    public static final Expect OK = new Expect(false, null, null);
    public static final Expect FAIL = new Expect(true, null, null);
}
