package io.nslab.topology.model;

/**
 * One of a node's {@code files}: written at {@code path} in the node's own view before its
 * {@code run} starts. {@code mode} is octal ("0644"); {@code owner} is "USER[:GROUP]" as the
 * node's /etc/passwd and /etc/group name them, or null for root.
 */
public record NodeFile(String path, String content, String mode, String owner) {}
