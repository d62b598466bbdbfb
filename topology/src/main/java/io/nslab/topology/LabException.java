package io.nslab.topology;

import java.util.List;
import java.util.stream.Collectors;

import io.nslab.topology.parse.LabError;

/** Every problem of a lab file at once; the message is one line per problem, prefixed with the file. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final transient List<LabError> errors;

    public LabException(String source, List<LabError> errors) {
        super(errors.stream().map(e -> (source == null ? "" : source + ": ") + e).collect(Collectors.joining("\n")));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** The file (or other name) the errors are about, or null. */
    public String source() { return source; }

    public List<LabError> errors() { return errors; }
}
