package io.nslab.cli.doctor;

/**
 * What the doctor found about one thing nslab relies on.
 *
 * @param name     what was checked, short (e.g. {@code nf_tables nat})
 * @param status   OK, MISSING, or NOTE (worth knowing, changes nothing by itself)
 * @param required true when labs cannot run without it: a required MISSING makes doctor exit 3
 * @param detail   what was seen, one line
 * @param fix      how to fix it, one line, or null
 */
public record Finding(String name, Status status, boolean required, String detail, String fix) {

    public enum Status {
        OK, MISSING, NOTE;

        /** As printed and in JSON: ok, missing, note. */
        public String label() { return name().toLowerCase(); }
    }

    public static Finding ok(String name, boolean required, String detail) {
        return new Finding(name, Status.OK, required, detail, null);
    }

    public static Finding missing(String name, boolean required, String detail, String fix) {
        return new Finding(name, Status.MISSING, required, detail, fix);
    }

    public static Finding note(String name, String detail, String fix) {
        return new Finding(name, Status.NOTE, false, detail, fix);
    }

    /** True when this finding alone means labs cannot run here. */
    public boolean blocks() { return required && status == Status.MISSING; }
}
