package io.nslab.topology;

/**
 * One problem of a lab file: where it is ({@code path}, a JSON path such as
 * {@code nodes.web.interfaces.eth0.bridge}, or {@code line L, column C} for broken JSON)
 * and what is wrong.
 */
public record LabError(String path, String message) {
    @Override
    public String toString() { return path + ": " + message; }
}
