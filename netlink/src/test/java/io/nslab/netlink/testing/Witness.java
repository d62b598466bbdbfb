package io.nslab.netlink.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Independent witnesses for kernel tests: iproute2 and nft, run as separate processes, read
 * back what the code under test did. Only tests run them; nslab itself never does.
 */
public final class Witness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Witness() {}

    /** {@code ip -j -n NS ARGS...}, parsed. */
    public static JsonNode ip(String netns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-j", "-n", netns));
        cmd.addAll(List.of(args));
        return json(run(cmd));
    }

    /** {@code ip netns exec NS nft -j ARGS...}, parsed. */
    public static JsonNode nft(String netns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "nft", "-j"));
        cmd.addAll(List.of(args));
        return json(run(cmd));
    }

    /** Runs a command to the end; returns stdout, or throws with stderr when it fails. */
    public static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            int code = p.waitFor();
            if (code != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed (" + code + "): " + new String(err, StandardCharsets.UTF_8).trim());
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String run(String... cmd) {
        return run(List.of(cmd));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.isBlank() ? "[]" : text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
