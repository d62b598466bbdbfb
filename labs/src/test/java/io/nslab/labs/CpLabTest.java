package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.netlink.testing.KernelTest;

/** {@code nslab cp}: files and trees out of and into a node's own view, links never followed, errors said. */
@KernelTest
class CpLabTest {
    @TempDir static Path tmp;
    private static String lab;

    @BeforeAll
    static void up() throws Exception {
        lab = Nslab.uniqueName();
        Path file = Files.writeString(tmp.resolve(lab + ".json"), """
                { "name": "%s", "nodes": { "a": { "files": { "/etc/nst-only-in-a": "hello\\n" } }, "b": {} } }
                """.formatted(lab));
        Nslab.Run up = Nslab.run("up", file.toString());
        assertEquals(0, up.code(), up.toString());
    }

    @AfterAll
    static void down() throws Exception {
        Nslab.run("down", lab);
        LabTraces.assertNone(lab, lab, List.of());
    }

    @Test
    void aFileOfTheNodesOwnViewComesOut() throws Exception {
        Path out = tmp.resolve("only-in-a");
        assertEquals(0, Nslab.run("cp", "-l", lab, "a:/etc/nst-only-in-a", out.toString()).code());
        assertEquals("hello\n", Files.readString(out));
        assertFalse(Files.exists(Path.of("/etc/nst-only-in-a")), "a node's file is not the machine's");
        // The node's own /etc/hostname (a mount of its own), into a directory that exists: under its name.
        Path dir = Files.createDirectories(tmp.resolve("into"));
        assertEquals(0, Nslab.run("cp", "-l", lab, "b:etc/hostname", dir.toString()).code());
        assertEquals("b\n", Files.readString(dir.resolve("hostname")));
    }

    @Test
    void aTreeComesOutWithItsModesItsLinksAsLinksAndNoFifo() throws Exception {
        Nslab.Run made = Nslab.run("exec", "-l", lab, "a", "sh", "-c",
                "mkdir -p /tmp/d/sub && echo x > /tmp/d/sub/f && chmod 0750 /tmp/d/sub && chmod 0604 /tmp/d/sub/f"
                        + " && ln -s /etc/shadow /tmp/d/evil && mkfifo /tmp/d/pipe");
        assertEquals(0, made.code(), made.toString());
        Path dir = Files.createDirectories(tmp.resolve("tree"));
        Nslab.Run cp = Nslab.process(Map.of(), "cp", "-l", lab, "a:/tmp/d", dir.toString());
        assertEquals(0, cp.code(), cp.toString());
        assertEquals("/tmp/d/pipe: not a file, directory or symbolic link: not copied\n", cp.err());
        assertEquals("x\n", Files.readString(dir.resolve("d/sub/f")));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("d/sub"))));
        assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("d/sub/f"))));
        assertTrue(Files.isSymbolicLink(dir.resolve("d/evil")));
        assertEquals(Path.of("/etc/shadow"), Files.readSymbolicLink(dir.resolve("d/evil")));
        assertFalse(Files.exists(dir.resolve("d/pipe"), LinkOption.NOFOLLOW_LINKS));
        // A link named as the source is copied as a link too: a node's link never reads the machine's file.
        Path link = tmp.resolve("evil");
        assertEquals(0, Nslab.run("cp", "-l", lab, "a:/tmp/d/evil", link.toString()).code());
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aFileGoesIntoOneNodeOnly() throws Exception {
        Path local = Files.writeString(tmp.resolve("nst-cp-in.txt"), "from the machine\n");
        assertEquals(0, Nslab.run("cp", "-l", lab, local.toString(), "a:/tmp").code());
        assertEquals(new Nslab.Run(0, "from the machine\n", ""), Nslab.process(Map.of(), "exec", "-l", lab, "a", "cat", "/tmp/nst-cp-in.txt"));
        assertEquals(1, Nslab.process(Map.of(), "exec", "-l", lab, "b", "test", "-e", "/tmp/nst-cp-in.txt").code());
        assertFalse(Files.exists(Path.of("/tmp/nst-cp-in.txt")));
        // At a new name, and over a file there.
        assertEquals(0, Nslab.run("cp", "-l", lab, local.toString(), "a:/tmp/renamed").code());
        Files.writeString(local, "again\n");
        assertEquals(0, Nslab.run("cp", "-l", lab, local.toString(), "a:/tmp/renamed").code());
        assertEquals(new Nslab.Run(0, "again\n", ""), Nslab.process(Map.of(), "exec", "-l", lab, "a", "cat", "/tmp/renamed"));
    }

    @Test
    void mistakesAreSaid() throws Exception {
        Nslab.Run missing = Nslab.run("cp", "-l", lab, "a:/nst-none", tmp.resolve("x").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertEquals("nslab cp: /nst-none: no such file or directory (in node a)\n", missing.err());
        Nslab.Run noDir = Nslab.run("cp", "-l", lab, tmp.resolve("x").toString(), "a:/tmp/y");
        assertEquals(2, noDir.code(), noDir.toString());
        Nslab.Run noParent = Nslab.run("cp", "-l", lab, "a:/etc/hostname", "a:/nst-none/x");
        assertEquals(2, noParent.code(), noParent.toString());
        assertTrue(noParent.err().startsWith("nslab cp: both of SRC and DEST are NODE:PATH"), noParent.err());
        Nslab.Run neither = Nslab.run("cp", "-l", lab, "/etc/hostname", tmp.resolve("z").toString());
        assertEquals(2, neither.code(), neither.toString());
        Nslab.Run noNode = Nslab.run("cp", "-l", lab, "c:/etc/hostname", tmp.resolve("z").toString());
        assertEquals(2, noNode.code(), noNode.toString());
        Nslab.Run intoMissing = Nslab.run("cp", "-l", lab, "a:/etc/hostname", tmp.resolve("no/such/dir").toString());
        assertEquals(2, intoMissing.code(), intoMissing.toString());
        assertTrue(intoMissing.err().endsWith(": no such directory (on the machine)\n"), intoMissing.err());
    }
}
