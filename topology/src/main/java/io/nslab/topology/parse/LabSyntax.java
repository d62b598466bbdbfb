package io.nslab.topology.parse;

import java.nio.file.Path;

/**
 * The two ways a lab file may be written. Both give the same tree (JSON's data model), so
 * one reader and one set of rules serve both; only parsing and its messages differ.
 */
public enum LabSyntax {
    JSON, YAML;

    /** YAML for {@code .yaml} and {@code .yml} (any case), JSON for every other name. */
    public static LabSyntax of(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") ? YAML : JSON;
    }
}
