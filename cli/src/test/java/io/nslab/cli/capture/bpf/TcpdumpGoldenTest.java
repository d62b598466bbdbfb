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
        ByteBuffer want = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        Matcher m = Pattern.compile("\\{ 0x([0-9a-f]+), (\\d+), (\\d+), 0x([0-9a-f]+) \\}").matcher(Files.readString(DIR.resolve(name + ".dd")));
        while (m.find()) {
            want.putShort((short) Integer.parseInt(m.group(1), 16)).put((byte) Integer.parseInt(m.group(2)))
                    .put((byte) Integer.parseInt(m.group(3))).putInt((int) Long.parseLong(m.group(4), 16));
        }
        want.flip();
        assertEquals(hex(want), hex(p.encode()));
    }

    private static String hex(ByteBuffer b) {
        StringBuilder s = new StringBuilder();
        for (int i = b.position(); i < b.limit(); i++) s.append(String.format("%02x", b.get(i))).append(i % 8 == 7 ? "\n" : " ");
        return s.toString();
    }

}
