package io.nslab.topology.net;

import java.util.regex.Pattern;

/** MAC address syntax: six colon-separated hex octets, for a unicast interface. */
public final class Mac {
    private static final Pattern SYNTAX = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    private Mac() {}

    /** Returns why {@code text} cannot be an interface's MAC, or null when it can. */
    public static String problem(String text) {
        if (!SYNTAX.matcher(text).matches()) return "\"" + text + "\" is not a MAC address (like 02:42:ac:14:00:0a)";
        int first = Integer.parseInt(text.substring(0, 2), 16);
        // The lowest bit of the first octet marks group (multicast/broadcast) addresses, which no interface may own.
        if ((first & 1) != 0) return "\"" + text + "\" is a multicast address; an interface needs a unicast MAC (first octet even)";
        if (text.equalsIgnoreCase("00:00:00:00:00:00")) return "\"" + text + "\" is the all-zero address, which no interface may own";
        return null;
    }
}
