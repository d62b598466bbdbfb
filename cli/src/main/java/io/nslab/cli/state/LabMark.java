package io.nslab.cli.state;

import java.util.Optional;

/**
 * The label nslab puts on what it creates in the kernel, so that what a lab left behind can
 * be found again when its state directory is gone (removed by hand, a wiped /run) and told
 * apart, for sure, from what someone else made under a look-alike name: {@code
 * nslab:LAB:ROOT}, where ROOT is the state root the lab was brought up under. A name proves
 * nothing on a shared machine; a mark only nslab writes does.
 *
 * <p>Carried by: the alias of {@code lo} in each network namespace of the lab ({@code ip link
 * show lo} shows {@code alias nslab:LAB:/run/nslab}) and the environment of its services
 * supervisor ({@value #ENV}). The root is part of the mark so that nslab only ever sweeps the
 * labs of its own state root: tests run under roots of their own, beside a user's labs.
 */
public record LabMark(String lab, String root) {
    public static final String PREFIX = "nslab:";
    /** The environment variable that marks a lab's supervisor process. */
    public static final String ENV = "NSLAB_MARK";

    /** The mark of lab LAB under the current state root. */
    public static LabMark of(String lab) {
        return new LabMark(lab, currentRoot());
    }

    public static String currentRoot() {
        return StateDir.root().toAbsolutePath().normalize().toString();
    }

    /** Whether the lab was brought up under the current state root. */
    public boolean underCurrentRoot() {
        return root.equals(currentRoot());
    }

    /** Whether the lab's state directory is gone: whatever carries this mark is left over. */
    public boolean orphaned() {
        return underCurrentRoot() && !StateDir.of(lab).exists();
    }

    public String text() {
        return PREFIX + lab + ":" + root;
    }

    /** The mark in TEXT, or empty when TEXT is not one (anything else, null included). A lab name holds no ':'. */
    public static Optional<LabMark> parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) return Optional.empty();
        String rest = text.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || !rest.startsWith("/", colon + 1)) return Optional.empty();
        return Optional.of(new LabMark(rest.substring(0, colon), rest.substring(colon + 1)));
    }

    @Override
    public String toString() { return text(); }
}
