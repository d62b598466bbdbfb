package io.nslab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nslab.netlink.testing.KernelTest;

/** The mount lesson: the node's /etc/hosts is the lab's, its /sys its own network, its mounts its own. */
@KernelTest
class MountNamespaceTest {
    private final TestLab lab = new TestLab();

    @AfterEach
    void cleanUp() {
        lab.close();
    }

    @Test
    void etcHostsAndHostnameAreTheLabs() throws Exception {
        String machineHosts = Files.readString(Path.of("/etc/hosts"));
        String hosts = "127.0.0.1 localhost\n172.20.0.10 web\n172.20.0.11 client\n";
        Path labHosts = lab.write("etc/hosts", hosts); // alone in its directory, as up writes it
        ProcessStamp web = lab.start(lab.spec("web").withHostname("web-1").withHostsFile(labHosts).withHostsLine("172.20.0.10\tweb-1\n"));
        ProcessStamp client = lab.start(lab.spec("client").withHostsFile(labHosts));
        String websOwn = hosts + "172.20.0.10\tweb-1\n"; // its hostname: only its copy names it
        assertEquals(websOwn, TestLab.exec(web, null, "cat", "/etc/hosts").out());
        assertEquals(hosts, TestLab.exec(client, null, "cat", "/etc/hosts").out());
        assertEquals("web-1\n", TestLab.exec(web, null, "cat", "/etc/hostname").out());
        assertEquals("client\n", TestLab.exec(client, null, "cat", "/etc/hostname").out());
        assertEquals(machineHosts, Files.readString(Path.of("/etc/hosts")));

        // web's names its own hostname: a copy; client's is a view of the lab's file (an overlay).
        assertTrue(mountOf(client, "/etc/hosts").contains(" - overlay "), mountOf(client, "/etc/hosts"));
        assertTrue(mountOf(web, "/etc/hosts").contains(" - tmpfs "), mountOf(web, "/etc/hosts"));

        // Each node has a file of its own, as each container has: an edit stays in its node.
        assertEquals(0, TestLab.exec(web, null, "sh", "-c", "echo 10.1.1.1 db >> /etc/hosts").code());
        assertEquals(websOwn + "10.1.1.1 db\n", TestLab.exec(web, null, "cat", "/etc/hosts").out());
        assertEquals(hosts, TestLab.exec(client, null, "cat", "/etc/hosts").out());
        ProcessStamp other = lab.start(lab.spec("other").withHostsFile(labHosts));
        assertEquals(0, TestLab.exec(client, null, "sh", "-c", "echo 10.1.1.2 cache >> /etc/hosts").code());
        assertEquals(hosts + "10.1.1.2 cache\n", TestLab.exec(client, null, "cat", "/etc/hosts").out());
        assertEquals(hosts, TestLab.exec(other, null, "cat", "/etc/hosts").out());
        assertEquals(hosts, Files.readString(labHosts));
        // The copies live on the node's own tmpfs, over the lab's directory: nothing per node on the machine.
        try (var files = Files.list(labHosts.getParent())) {
            assertEquals(List.of(labHosts), files.filter(f -> !f.getFileName().toString().endsWith(".log")).toList());
        }
        assertEquals("tmpfs", TestLab.exec(web, null, "stat", "-f", "-c", "%T", labHosts.getParent().toString()).out().strip());
        assertFalse(TestLab.hostMountinfo().contains(labHosts.getParent() + " "), "the node's tmpfs shows on the machine");
    }

    private static String mountOf(ProcessStamp node, String target) {
        return TestLab.exec(node, null, "cat", "/proc/self/mountinfo").out().lines()
                .filter(l -> l.split(" ")[4].equals(target)).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void aMountMadeInsideIsInvisibleOutside() throws Exception {
        ProcessStamp node = lab.start(lab.spec("web"));
        Path target = Files.createDirectory(lab.dir.resolve("mnt"));
        TestLab.Result mounted = TestLab.exec(node, null, "mount", "-t", "tmpfs", "nst-inside", target.toString());
        assertEquals(0, mounted.code(), mounted.err());
        assertTrue(Files.readString(Path.of("/proc/" + node.pid() + "/mountinfo")).contains(target + " "), "not mounted in the node");
        assertFalse(TestLab.hostMountinfo().contains(target.toString()), "the node's mount shows on the machine");
    }

    @Test
    void sysAndProcAreTheNodesOwn() {
        ProcessStamp node = lab.start(lab.spec("web"));
        // sysfs shows the network namespace of its mounter: a new one has only lo.
        assertEquals("lo\n", TestLab.exec(node, null, "ls", "/sys/class/net").out());
        String mountinfo = TestLab.exec(node, null, "cat", "/proc/self/mountinfo").out();
        // No namespace pins of the machine (other labs' /run/netns files) are held by the node.
        assertFalse(mountinfo.contains(" - nsfs "), "the node holds namespace pins:\n" + mountinfo);
        assertNotEquals(TestLab.hostMountinfo(), mountinfo);
    }
}
