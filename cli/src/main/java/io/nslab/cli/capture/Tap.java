package io.nslab.cli.capture;

/**
 * One interface to capture on: its name in the capture ("web:eth0", "host:web-eth0"), a line
 * saying what it is, the lab namespace it lives in (as the Plan names it) and its name there.
 */
public record Tap(String name, String description, String netns, String ifname) {}
