package io.nslab.topology.parse;

/**
 * A check's target taken apart: the name or address it goes to, the port (0 for ping) and,
 * for http, the path. Forms: ping {@code NAME}, tcp/udp {@code NAME:PORT},
 * http {@code http://NAME[:PORT][/PATH]}; NAME is a node, {@code NODE.IF} or an IPv4 address.
 */
public record ProbeTarget(String host, int port, String httpPath) {
    private static final String NAME = "[A-Za-z0-9_.-]+";

    /** Parses {@code target} for {@code probe}; throws IllegalArgumentException saying what form was expected. */
    public static ProbeTarget parse(String probe, String target) {
        switch (probe) {
            case "ping": {
                if (!target.matches(NAME)) throw new IllegalArgumentException("\"" + target + "\" is not a node name, NODE.IF or IPv4 address");
                return new ProbeTarget(target, 0, null);
            }
            case "tcp":
            case "udp": {
                int colon = target.lastIndexOf(':');
                if (colon < 0 || !target.substring(0, colon).matches(NAME)) {
                    throw new IllegalArgumentException("\"" + target + "\" must be NAME:PORT (like web:80)");
                }
                return new ProbeTarget(target.substring(0, colon), port(target.substring(colon + 1), target), null);
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
                int colon = authority.indexOf(':');
                String host = colon < 0 ? authority : authority.substring(0, colon);
                int port = colon < 0 ? 80 : port(authority.substring(colon + 1), target);
                if (!host.matches(NAME)) throw new IllegalArgumentException("\"" + target + "\" needs a node name, NODE.IF or IPv4 address as its host");
                return new ProbeTarget(host, port, path);
            }
            default:
                throw new IllegalArgumentException("unknown probe " + probe);
        }
    }

    private static int port(String text, String target) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("\"" + target + "\" has port \"" + text + "\"; a port is 1 to 65535");
        }
        return Integer.parseInt(text);
    }
}
