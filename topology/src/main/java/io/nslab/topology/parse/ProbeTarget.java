package io.nslab.topology.parse;

import io.nslab.addr.IpAddress;

/**
 * A check's target taken apart: the name or address it goes to, the port (0 for ping) and,
 * for http, the path. Forms: ping {@code NAME}, tcp/udp {@code NAME:PORT},
 * http {@code http://NAME[:PORT][/PATH]}; NAME is a node, {@code NODE.IF} or an IPv4 address;
 * an IPv6 address stands alone for ping and in brackets elsewhere ({@code [fd00::10]:80},
 * {@code http://[fd00::10]/}), as in URLs.
 */
public record ProbeTarget(String host, int port, String httpPath) {
    private static final String NAME = "[A-Za-z0-9_.-]+";

    /** Parses {@code target} for {@code probe}; throws IllegalArgumentException saying what form was expected. */
    public static ProbeTarget parse(String probe, String target) {
        switch (probe) {
            case "ping": {
                if (!target.matches(NAME) && !isIpv6(target)) throw new IllegalArgumentException("\"" + target + "\" is not a node name, NODE.IF or IP address");
                return new ProbeTarget(target, 0, null);
            }
            case "tcp":
            case "udp": {
                int colon = target.lastIndexOf(':');
                if (colon < 0 || host(target.substring(0, colon)) == null) {
                    throw new IllegalArgumentException("\"" + target + "\" must be NAME:PORT (like web:80 or [fd00::10]:80)");
                }
                return new ProbeTarget(host(target.substring(0, colon)), port(target.substring(colon + 1), target), null);
            }
            case "http": {
                if (!target.startsWith("http://")) {
                    throw new IllegalArgumentException("\"" + target + "\" must be an http:// URL (like http://web/); https is not supported");
                }
                String rest = target.substring("http://".length());
                int slash = rest.indexOf('/');
                String authority = slash < 0 ? rest : rest.substring(0, slash);
                String path = slash < 0 ? "/" : rest.substring(slash);
                if (path.contains(" ") || path.contains("#")) throw new IllegalArgumentException("\"" + target + "\" has a path with spaces or a fragment");
                int colon = authority.lastIndexOf(':');
                if (colon >= 0 && authority.startsWith("[") && colon < authority.indexOf(']')) colon = -1;
                String host = host(colon < 0 ? authority : authority.substring(0, colon));
                int port = colon < 0 ? 80 : port(authority.substring(colon + 1), target);
                if (host == null) throw new IllegalArgumentException("\"" + target + "\" needs a node name, NODE.IF or IP address as its host");
                return new ProbeTarget(host, port, path);
            }
            default:
                throw new IllegalArgumentException("unknown probe " + probe);
        }
    }

    /** A name, or an IPv6 address in brackets (without them); null when it is neither. */
    private static String host(String text) {
        if (text.startsWith("[") && text.endsWith("]") && isIpv6(text.substring(1, text.length() - 1))) return text.substring(1, text.length() - 1);
        return text.matches(NAME) ? text : null;
    }

    private static boolean isIpv6(String text) {
        return text.indexOf(':') >= 0 && IpAddress.isValid(text);
    }

    private static int port(String text, String target) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("\"" + target + "\" has port \"" + text + "\"; a port is 1 to 65535");
        }
        return Integer.parseInt(text);
    }
}
