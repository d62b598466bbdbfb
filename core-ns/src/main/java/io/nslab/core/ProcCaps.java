package io.nslab.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's capabilities as the kernel shows them in {@code /proc/PID/status}: its effective
 * set ({@code CapEff}) and its bounding set ({@code CapBnd}, what it and all it runs can ever
 * have), as masks of capability bits (capabilities(7)).
 */
public record ProcCaps(long effective, long bounding) {
    public static ProcCaps of(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            long eff = -1, bnd = -1;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) eff = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                if (line.startsWith("CapBnd:")) bnd = Long.parseUnsignedLong(line.substring(7).strip(), 16);
            }
            if (eff == -1 || bnd == -1) throw new NodeException(status + " shows no CapEff or CapBnd");
            return new ProcCaps(eff, bnd);
        } catch (IOException e) {
            throw new NodeException("cannot read " + status + ": " + e.getMessage(), e);
        }
    }

    /** This process's (nslab's: the machine's root's, when run as root). */
    public static ProcCaps self() {
        return of(ProcessHandle.current().pid());
    }

    /** CapEff as /proc writes it (16 hex digits). */
    public String effectiveHex() { return String.format("%016x", effective); }
}
