package io.nslab.cli.capture.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each supported expression compiles to the program tcpdump compiles for it: the listing
 * {@code tcpdump -d EXPR} printed (NAME.d) and the instructions {@code tcpdump -dd EXPR}
 * printed (NAME.dd), both kept in src/test/resources/bpf from tcpdump 4.99 (libpcap 1.10).
 */
class TcpdumpGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/bpf");
    private static final int TCPDUMP_SNAPLEN = 262144;

    static Stream<String> expressions() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".expr")).map(f -> f.getFileName().toString().replace(".expr", ""))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("expressions")
    void listingIsTcpdumps(String name) throws IOException {
        Program p = Program.compile(FilterParser.parse(Files.readString(DIR.resolve(name + ".expr")).strip()), TCPDUMP_SNAPLEN);
        assertEquals(Files.readString(DIR.resolve(name + ".d")), p.dump());
    }

    @ParameterizedTest
    @MethodSource("expressions")
    void bytesAreTcpdumps(String name) throws IOException {
        Program p = Program.compile(FilterParser.parse(Files.readString(DIR.resolve(name + ".expr")).strip()), TCPDUMP_SNAPLEN);
        assertEquals(hex(golden(DIR.resolve(name + ".dd"))), hex(p.encode()));
    }

    /** The instructions {@code tcpdump -dd} printed, as {@code struct sock_filter[]} in the machine's byte order. */
    private static ByteBuffer golden(Path dd) throws IOException {
        ByteBuffer want = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        Matcher m = Pattern.compile("\\{ 0x([0-9a-f]+), (\\d+), (\\d+), 0x([0-9a-f]+) \\}").matcher(Files.readString(dd));
        while (m.find()) {
            want.putShort((short) Integer.parseInt(m.group(1), 16)).put((byte) Integer.parseInt(m.group(2)))
                    .put((byte) Integer.parseInt(m.group(3))).putInt((int) Long.parseLong(m.group(4), 16));
        }
        return want.flip();
    }

    /** No filter: tcpdump still attaches a program, one that keeps snaplen bytes of every packet ({@code tcpdump -d -s 96}). */
    @Test
    void noExpressionIsTcpdumpsReturnOfTheSnaplen() throws IOException {
        Program p = Program.everything(96);
        assertEquals(Files.readString(DIR.resolve("no_expression_snaplen_96.d")), p.dump());
        assertEquals(hex(golden(DIR.resolve("no_expression_snaplen_96.dd"))), hex(p.encode()));
    }

    private static String hex(ByteBuffer b) {
        StringBuilder s = new StringBuilder();
        for (int i = b.position(); i < b.limit(); i++) s.append(String.format("%02x", b.get(i))).append(i % 8 == 7 ? "\n" : " ");
        return s.toString();
    }

}
