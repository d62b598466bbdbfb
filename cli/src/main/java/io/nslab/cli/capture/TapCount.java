package io.nslab.cli.capture;

/** What one tap got: packets written, and the kernel's PACKET_STATISTICS (received by the socket, dropped for want of room). */
public record TapCount(Tap tap, long written, long received, long dropped) {}
