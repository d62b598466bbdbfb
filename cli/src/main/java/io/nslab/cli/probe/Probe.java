package io.nslab.cli.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One probe, made from inside a network namespace (a path such as {@code /run/netns/LAB-NODE},
 * or the lab's host side). Targets are IP addresses: the caller resolves lab names.
 *
 * <p>A probe that {@link #retry()}s is made again until it passes or its timeout ends (a lab's
 * checks, which wait for a lab to converge: a route a daemon adds late, a server its node starts
 * late); one that does not is one attempt (pingall's one echo per pair). Each constructor without
 * {@code retry} makes one attempt.
 */
public sealed interface Probe {
    Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

    /** The network namespace the probe is made from. */
    String netnsPath();

    /** How long the probe may take before it fails, every attempt included. */
    Duration timeout();

    /** Whether the probe is made again (see {@link Retrying}, {@link Pinger}) until it passes or its timeout ends. */
    boolean retry();

    /**
     * An ICMP (IPv4) or ICMPv6 echo request, passing when the matching echo reply comes back;
     * retrying, one more request every {@link Pinger#RESEND} (a reply to any of them passes).
     */
    record Ping(String netnsPath, InetAddress target, Duration timeout, boolean retry) implements Probe {
        public Ping {
            Objects.requireNonNull(netnsPath);
            Objects.requireNonNull(target);
            requirePositive(timeout);
        }

        public Ping(String netnsPath, InetAddress target, Duration timeout) { this(netnsPath, target, timeout, false); }
    }

    /** A TCP connect, passing when the handshake completes. */
    record Tcp(String netnsPath, InetSocketAddress target, Duration timeout, boolean retry) implements Probe {
        public Tcp {
            Objects.requireNonNull(netnsPath);
            Objects.requireNonNull(target.getAddress());
            requirePositive(timeout);
        }

        public Tcp(String netnsPath, InetSocketAddress target, Duration timeout) { this(netnsPath, target, timeout, false); }
    }

    /** One UDP datagram, passing when the same bytes come back (from a udp-echo service). */
    record Udp(String netnsPath, InetSocketAddress target, Duration timeout, boolean retry) implements Probe {
        public Udp {
            Objects.requireNonNull(netnsPath);
            Objects.requireNonNull(target.getAddress());
            requirePositive(timeout);
        }

        public Udp(String netnsPath, InetSocketAddress target, Duration timeout) { this(netnsPath, target, timeout, false); }
    }

    /**
     * An HTTP GET of {@code url}, connecting to {@code address} (the URL's host, resolved by
     * the caller; the URL's host still goes in the Host header). Passes when the status is
     * {@code expectStatus} (when null: any status below 400, as {@code curl --fail} has it)
     * and the body contains {@code bodyContains} (when not null).
     */
    record Http(String netnsPath, URI url, InetAddress address, Integer expectStatus, String bodyContains,
                Duration timeout, boolean retry) implements Probe {
        public Http {
            Objects.requireNonNull(netnsPath);
            if (!"http".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("only http://HOST[:PORT]/PATH URLs can be probed, not " + url);
            }
            Objects.requireNonNull(address);
            requirePositive(timeout);
        }

        public Http(String netnsPath, URI url, InetAddress address, Integer expectStatus, String bodyContains, Duration timeout) {
            this(netnsPath, url, address, expectStatus, bodyContains, timeout, false);
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
