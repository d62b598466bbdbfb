package io.nslab.cli.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One probe, made from inside a network namespace (a path such as {@code /run/netns/LAB-NODE},
 * or the lab's host side). Targets are IP addresses: the caller resolves lab names.
 */
public sealed interface Probe {
    Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

    /** The network namespace the probe is made from. */
    String netnsPath();

    /** How long the probe may take before it fails. */
    Duration timeout();

    /** One ICMP (IPv4) or ICMPv6 echo request, passing when the matching echo reply comes back. */
    record Ping(String netnsPath, InetAddress target, Duration timeout) implements Probe {
        public Ping {
            Objects.requireNonNull(netnsPath);
            Objects.requireNonNull(target);
            requirePositive(timeout);
        }
    }

    /** A TCP connect, passing when the handshake completes. */
    record Tcp(String netnsPath, InetSocketAddress target, Duration timeout) implements Probe {
        public Tcp {
            Objects.requireNonNull(netnsPath);
            Objects.requireNonNull(target.getAddress());
            requirePositive(timeout);
        }
    }

    /** One UDP datagram, passing when the same bytes come back (from a udp-echo service). */
    record Udp(String netnsPath, InetSocketAddress target, Duration timeout) implements Probe {
        public Udp {
            Objects.requireNonNull(netnsPath);
            Objects.requireNonNull(target.getAddress());
            requirePositive(timeout);
        }
    }

    /**
     * An HTTP GET of {@code url}, connecting to {@code address} (the URL's host, resolved by
     * the caller; the URL's host still goes in the Host header). Passes when the status is
     * {@code expectStatus} (when null: any status below 400, as {@code curl --fail} has it)
     * and the body contains {@code bodyContains} (when not null).
     */
    record Http(String netnsPath, URI url, InetAddress address, Integer expectStatus, String bodyContains,
                Duration timeout) implements Probe {
        public Http {
            Objects.requireNonNull(netnsPath);
            if (!"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("only http://HOST[:PORT]/PATH URLs can be probed, not " + url);
            }
            Objects.requireNonNull(address);
            requirePositive(timeout);
        }

        public int port() { return url.getPort() == -1 ? 80 : url.getPort(); }

        /** The request target: path and query as given, {@code /} when empty. */
        public String requestTarget() {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        }

        /** The Host header: the URL's host, and its port when one is given. */
        public String hostHeader() {
            return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        }
    }

    private static void requirePositive(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }
}
