package io.nslab.cli.capture.bpf;

/** {@code src}, {@code dst}, or neither (either side) before {@code host} or {@code port}. */
public enum Direction { SRC, DST, EITHER }
