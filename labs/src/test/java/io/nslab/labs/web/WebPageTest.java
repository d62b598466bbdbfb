package io.nslab.labs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import io.nslab.labs.LabTraces;
import io.nslab.labs.Nslab;
import io.nslab.netlink.testing.KernelTest;

/**
 * nslab web in a real browser (Debian's headless chromium through Selenium), against
 * labs/bridge.json brought up for real: what a student sees and does on the page.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path dir;
    private String lab;
    private WebServerRun server;
    private Browser browser;

    @BeforeAll
    void up() throws Exception {
        dir = Files.createTempDirectory("nst-web");
        lab = Nslab.uniqueName();
        Nslab.Run up = Nslab.run("up", Nslab.copyAs(Nslab.repo().resolve("labs/bridge.json"), lab, dir).toString());
        assertEquals(0, up.code(), up.toString());
        server = WebServerRun.start(lab);
        browser = new Browser();
        browser.driver.get(server.url);
    }

    @AfterAll
    void down() throws Exception {
        try {
            if (browser != null) browser.close();
            if (server != null) server.close();
        } finally {
            Nslab.Run down = Nslab.run("down", lab);
            assertEquals(0, down.code(), down.toString());
            LabTraces.assertNone("web lab", lab, List.of());
        }
    }

    @Test
    @Order(1)
    void theBridgeLabShowsThreeNodesAndOneBridge() {
        browser.await(WAIT, "the lab's list", d -> browser.all("#items li[data-kind=node]").size() == 3);
        assertEquals(List.of("client", "isp", "web"), browser.all("#items li[data-kind=node] strong").stream()
                .map(WebElement::getText).sorted().toList());
        assertEquals(1, browser.all("#items li[data-kind=bridge]").size());
        assertEquals("nslab0", browser.find("#items li[data-kind=bridge] strong").getText());
        // The picture holds the same: three nodes and one bridge drawn by Cytoscape (a small lab).
        assertEquals("cytoscape", browser.driver.executeScript("return window.nslabPage.picture.kind"));
        assertEquals(3L, browser.driver.executeScript("return window.nslabPage.picture.count('node')"));
        assertEquals(1L, browser.driver.executeScript("return window.nslabPage.picture.count('bridge')"));
        // Each node's state comes with the first counters: running.
        browser.await(WAIT, "node states", d -> browser.find("#items li[data-id='node:web'] .state").getText().equals("running"));
        // The topology came with the page: drawn before the socket was open, and not sent again on it.
        assertEquals(true, browser.driver.executeScript("const t = window.nslabPage.timings; return t.topology < t.open && t.topologies === 1"));
        assertTrue(browser.find("#items li[data-id='node:web'] .detail").getText().contains("published 8080->80/tcp"));
    }

    @Test
    @Order(2)
    void theFilterKeepsWhatMatches() {
        WebElement filter = browser.find("#filter");
        filter.sendKeys("172.20.0.10");
        browser.await(WAIT, "filtered", d -> browser.all("#items li:not([hidden])").stream().map(li -> li.getAttribute("data-id")).toList()
                .equals(List.of("node:web")));
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.await(WAIT, "unfiltered", d -> browser.all("#items li[hidden]").isEmpty());
    }

    @Test
    @Order(3)
    void hostnameTypedInWebsTerminalShowsWeb() {
        browser.find("#items li[data-id='node:web'] button").click();
        WebElement input = browser.await(WAIT, "web's terminal", d -> d.findElement(org.openqa.selenium.By.cssSelector(
                ".pane[data-node=web] textarea.xterm-helper-textarea")));
        browser.await(WAIT, "a prompt", d -> !screen("web").isBlank());
        input.sendKeys("hostname" + Keys.ENTER);
        browser.await(WAIT, "hostname's answer", d -> screen("web").lines().anyMatch(l -> l.strip().equals("web")));

        // The shell has the terminal's size, and learns of a new one (a smaller window).
        String size = termSize("web");
        input.sendKeys("stty size" + Keys.ENTER);
        browser.await(WAIT, "stty's answer", d -> screen("web").lines().anyMatch(l -> l.strip().equals(size)));
        org.openqa.selenium.Dimension window = browser.driver.manage().window().getSize();
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1000, 800));
        try {
            String smaller = browser.await(WAIT, "a smaller terminal", d -> size.equals(termSize("web")) ? null : termSize("web"));
            input.sendKeys("stty size" + Keys.ENTER);
            browser.await(WAIT, "stty's new answer", d -> screen("web").lines().anyMatch(l -> l.strip().equals(smaller)));
        } finally {
            browser.driver.manage().window().setSize(window);
        }
    }

    private String termSize(String node) {
        return (String) browser.driver.executeScript("return window.nslabPage.termSize(arguments[0])", node);
    }

    @Test
    @Order(4)
    void aPingFromATerminalMakesTheClientLinksCounterRise() {
        String edge = browser.await(WAIT, "the client's port", d -> browser.all("#items li[data-kind=link]").stream()
                .filter(li -> li.findElement(org.openqa.selenium.By.tagName("strong")).getText().equals("client – nslab0"))
                .map(li -> li.getAttribute("data-id")).findFirst().orElse(null));
        String counter = "#items li[data-id='" + edge + "'] .counters";
        long before = browser.await(WAIT, "a first count", d -> txPackets(counter));
        browser.driver.executeScript("window.nslabPage.openTerminal('client')");
        WebElement input = browser.await(WAIT, "client's terminal", d -> d.findElement(org.openqa.selenium.By.cssSelector(
                ".pane[data-node=client] textarea.xterm-helper-textarea")));
        browser.await(WAIT, "a prompt", d -> !screen("client").isBlank());
        input.sendKeys("ping -c 25 -i 0.2 web" + Keys.ENTER);
        browser.await(WAIT, "the counter rising", d -> {
            Long now = txPackets(counter);
            return now != null && now >= before + 10 ? now : null;
        });
        assertTrue(screen("client").contains("bytes from"), screen("client"));
        // The picture shows it too: the link is drawn busy while packets flow.
        browser.await(WAIT, "a busy link", d -> (Boolean) browser.driver.executeScript(
                "return window.nslabPage.picture.has(arguments[0], 'busy')", edge));
    }

    @Test
    @Order(5)
    void theChecksShowFivePasses() throws Exception {
        browser.find("#checks").click();
        browser.await(WAIT, "five results", d -> browser.all("#check-results li").size() == 5);
        assertEquals(5, browser.all("#check-results li.pass").size(), browser.find("#check-results").getText());
        // On the picture: a green path per check that has a target node, none red.
        assertTrue((Long) browser.driver.executeScript("return window.nslabPage.picture.count('check pass')") >= 3);
        assertEquals(0L, browser.driver.executeScript("return window.nslabPage.picture.count('check fail')"));
        String shot = System.getProperty("nslab.web.screenshot");
        Path png = Path.of(shot != null ? shot : "target/web-page.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.copy(browser.driver.getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(6)
    void pingallShowsTheMatrix() {
        browser.find("#pingall").click();
        browser.await(WAIT, "the matrix", d -> !browser.all("table.matrix td.ok").isEmpty());
        // client and web share the bridge; isp is on the other side of the host, with no route to them.
        assertEquals("ok", cell("client", "web"), browser.find("table.matrix").getText());
        assertEquals("ok", cell("web", "client"));
        assertEquals("bad", cell("isp", "web"));
    }

    @Test
    @Order(7)
    void aLinksImpairmentAndStateShowAndTheLinkPanelChangesThem() throws Exception {
        String port = "#items li[data-endpoint='client:eth0']";
        // Set from the command line: the page shows it, on the list and on the picture.
        Nslab.Run link = Nslab.run("link", "-l", lab, "client:eth0", "--delay", "20ms");
        assertEquals(0, link.code(), link.toString());
        browser.await(WAIT, "the delay on the list", d -> browser.find(port + " .impair").getText()
                .equals("client:eth0 out: delay 20ms\nclient:eth0 in: delay 20ms"));
        String edge = browser.find(port).getAttribute("data-id");
        assertEquals(true, browser.driver.executeScript("return window.nslabPage.picture.has(arguments[0], 'impaired')", edge));
        assertTrue(minRttMillis() >= 40, "20 ms each way");

        // The panel of the selected link: Clear, then a delay one way only, then the cable.
        browser.find(port).click();
        browser.await(WAIT, "the link panel", d -> browser.find("#link-panel").isDisplayed());
        assertTrue(browser.find("#link-title").getText().contains("client:eth0"), browser.find("#link-title").getText());
        browser.find("#link-clear").click();
        browser.await(WAIT, "no impairment", d -> browser.find(port + " .impair").getText().isEmpty()
                && browser.find("#link-impair").getText().equals("no impairment"));
        assertTrue(minRttMillis() < 20, "the delay is gone");
        browser.find("#link-panel input[name=delay]").sendKeys("30ms");
        new org.openqa.selenium.support.ui.Select(browser.find("#link-panel select[name=direction]")).selectByVisibleText("out");
        browser.find("#link-apply").click();
        browser.await(WAIT, "the delay one way", d -> browser.find(port + " .impair").getText().equals("client:eth0 out: delay 30ms"));
        assertTrue(minRttMillis() >= 30, "30 ms one way");
        browser.find("#link-panel input[name=delay]").clear();
        browser.find("#link-clear").click();
        browser.await(WAIT, "no impairment again", d -> browser.find(port + " .impair").getText().isEmpty());

        browser.find("#link-cable").click();
        browser.await(WAIT, "the link down", d -> browser.find(port + " .link-state").getText().equals("down"));
        assertTrue(ip("link", "show", "dev", "eth0").contains("state DOWN"), "the kernel says so too");
        assertEquals(true, browser.driver.executeScript("return window.nslabPage.picture.has(arguments[0], 'down')", edge));
        browser.find("#link-cable").click();
        browser.await(WAIT, "the link up", d -> browser.find(port + " .link-state").getText().equals("up"));
        assertTrue(minRttMillis() < 20, "pings answer again");
    }

    /** The shortest of five pings from client to web, in ms. */
    private double minRttMillis() throws Exception {
        Nslab.Run ping = Nslab.process(java.util.Map.of(), "exec", "-l", lab, "client", "ping", "-n", "-q", "-c", "5", "-i", "0.2", "-W", "2", "172.20.0.10");
        assertEquals(0, ping.code(), ping.toString());
        String rtt = ping.out().lines().filter(l -> l.startsWith("rtt")).findFirst().orElseThrow();
        return Double.parseDouble(rtt.split("=")[1].trim().split("/")[0]);
    }

    /** {@code ip -n LAB-client ARGS}: what the kernel says of the client node. */
    private String ip(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip", "-n", lab + "-client"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    @Order(8)
    void closingATerminalsTabEndsItsShell() {
        assertEquals(2, server.shells().size(), "two terminals, two nslab-init exec: " + server.shells());
        browser.find("#tabs .tab button").click();
        browser.await(WAIT, "one shell left", d -> server.shells().size() == 1);
    }

    @Test
    @Order(9)
    void aSecondLabAppearsWhenBroughtUpAndGoesWhenBroughtDown() throws Exception {
        String second = Nslab.uniqueName();
        // labs/tcp.json: its lab file impairs a link, which the page shows once the lab is picked.
        Nslab.Run up = Nslab.run("up", Nslab.copyAs(Nslab.repo().resolve("labs/tcp.json"), second, dir).toString());
        assertEquals(0, up.code(), up.toString());
        try {
            browser.await(WAIT, "the second lab in the picker", d -> options().contains(second));
            assertTrue(options().contains(lab));
            new org.openqa.selenium.support.ui.Select(browser.find("#lab")).selectByValue(second);
            browser.await(WAIT, "the lab file's impairment", d -> browser.all("#items li[data-endpoint='router:eth1'] .impair").stream()
                    .anyMatch(i -> i.getText().equals("router:eth1 out: rate 10mbit delay 20ms loss 1%\nrouter:eth1 in: rate 10mbit delay 20ms loss 1%")));
            new org.openqa.selenium.support.ui.Select(browser.find("#lab")).selectByValue(lab);
            browser.await(WAIT, "the first lab again", d -> browser.all("#items li[data-kind=node]").size() == 3);
        } finally {
            Nslab.Run down = Nslab.run("down", second);
            assertEquals(0, down.code(), down.toString());
        }
        browser.await(WAIT, "the second lab gone from the picker", d -> !options().contains(second));
        LabTraces.assertNone("second lab", second, List.of());
    }

    @Test
    @Order(10)
    void withoutTheTokenTheServerRefuses() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port;
        for (String path : List.of("/", "/app.js", "/vendor/xterm.js", "/?token=wrong", "/ws")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), path);
        }
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(server.url)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        // The token alone does not open the socket: it must come from this server's page.
        for (String origin : List.of("http://evil.example", "http://127.0.0.1:1")) {
            try {
                http.newWebSocketBuilder().header("Origin", origin)
                        .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/ws?token=" + server.token), new WebSocket.Listener() {})
                        .join();
                throw new AssertionError("a socket opened from " + origin);
            } catch (CompletionException e) {
                assertTrue(String.valueOf(e.getCause()).contains("403") || e.getCause() instanceof java.io.IOException, e.toString());
            }
        }
    }

    @Test
    @Order(11)
    void leavingThePageEndsEveryShellAndStoppingTheServerLeavesNothing() throws Exception {
        browser.driver.executeScript("window.nslabPage.openTerminal('isp')");
        browser.await(WAIT, "two shells", d -> server.shells().size() == 2);
        browser.driver.get("about:blank");
        try {
            browser.await(WAIT, "no shell left", d -> server.shells().isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("shells left after the page went: " + server.shells().stream()
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList() + "\n" + server.output(), e);
        }
        List<ProcessHandle> processes = server.server();
        assertEquals(1, processes.size());
        // The server carries nslab's mark for the sweeps that look for nslab's processes.
        String environ = Files.readString(Path.of("/proc/" + processes.get(0).pid() + "/environ"));
        assertTrue(environ.contains("NSLAB_MARK=nslab:@web:"), "no mark in the server's environment");
        server.close();
        assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive));
        server = null;
    }

    @Test
    @Order(12)
    void killingNslabWebEndsItsServerAndItsShells() throws Exception {
        try (WebServerRun again = WebServerRun.start(lab)) {
            browser.driver.get(again.url);
            browser.await(WAIT, "the lab", d -> browser.all("#items li[data-kind=node]").size() == 3);
            browser.driver.executeScript("window.nslabPage.openTerminal('web')");
            browser.await(WAIT, "a shell", d -> again.shells().size() == 1);
            List<ProcessHandle> left = new java.util.ArrayList<>(again.server());
            left.addAll(again.shells());
            again.process.destroyForcibly().waitFor(); // kill -9: no shutdown hook runs
            for (ProcessHandle h : left) {
                assertTrue(h.onExit().completeOnTimeout(null, 30, java.util.concurrent.TimeUnit.SECONDS).join() == null || !h.isAlive(),
                        "still running after nslab web was killed: " + h.info());
            }
            assertTrue(left.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    @Order(13)
    void aBigLabsCanvasPictureShowsTheLabAndAClickOnANodeOpensItsTerminal() throws Exception {
        // The canvas picture, which a lab of more than 60 vertices gets, chosen here for the bridge lab.
        try (WebServerRun again = WebServerRun.start(lab)) {
            browser.driver.get(again.url + "&picture=canvas");
            browser.await(WAIT, "the lab", d -> browser.all("#items li[data-kind=node]").size() == 3);
            assertEquals("canvas", browser.driver.executeScript("return window.nslabPage.picture.kind"));
            assertEquals(3L, browser.driver.executeScript("return window.nslabPage.picture.count('node')"));
            assertEquals(1L, browser.driver.executeScript("return window.nslabPage.picture.count('bridge')"));
            // Painted: the pixel at web's place has a node's blue (#2f6fde).
            @SuppressWarnings("unchecked")
            List<Number> at = (List<Number>) browser.driver.executeScript("return window.nslabPage.picture.where('node:web')");
            String pixel = (String) browser.driver.executeScript("""
                    const c = document.querySelector('#graph canvas');
                    return Array.from(c.getContext('2d').getImageData(arguments[0], arguments[1], 1, 1).data.slice(0, 3)).join(',')""",
                    at.get(0).intValue(), at.get(1).intValue());
            assertEquals("47,111,222", pixel);
            // A click on web in the picture opens web's terminal and selects it in the list.
            WebElement canvas = browser.find("#graph canvas");
            new org.openqa.selenium.interactions.Actions(browser.driver)
                    .moveToElement(canvas, at.get(0).intValue() - canvas.getSize().getWidth() / 2, at.get(1).intValue() - canvas.getSize().getHeight() / 2)
                    .click().perform();
            browser.await(WAIT, "web's terminal", d -> !browser.all(".pane[data-node=web]").isEmpty());
            browser.await(WAIT, "web's shell", d -> again.shells().size() == 1);
            assertEquals("node:web", browser.find("#items li.selected").getAttribute("data-id"));
            // The filter dims what does not match; the checks draw their paths.
            browser.find("#filter").sendKeys("172.20.0.10");
            browser.await(WAIT, "client dimmed", d -> (Boolean) browser.driver.executeScript("return window.nslabPage.picture.has('node:client', 'dim')"));
            assertEquals(false, browser.driver.executeScript("return window.nslabPage.picture.has('node:web', 'dim')"));
            browser.find("#filter").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            browser.find("#checks").click();
            browser.await(WAIT, "five results", d -> browser.all("#check-results li.pass").size() == 5);
            assertTrue((Long) browser.driver.executeScript("return window.nslabPage.picture.count('check pass')") >= 3);
            browser.driver.get("about:blank");
            browser.await(WAIT, "no shell left", d -> again.shells().isEmpty());
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> options() { // read at once: the page replaces the options as labs come and go
        return (List<String>) browser.driver.executeScript("return [...document.querySelectorAll('#lab option')].map(o => o.value)");
    }

    /** The class of the pingall matrix's cell FROM → TO. */
    private String cell(String from, String to) {
        return String.valueOf(browser.driver.executeScript("""
                const t = document.querySelector('table.matrix');
                const col = [...t.tHead.rows[0].cells].findIndex(c => c.textContent === arguments[1]);
                const row = [...t.tBodies[0].rows].find(r => r.cells[0].textContent === arguments[0]);
                return row && col > 0 ? row.cells[col].className : null""", from, to));
    }

    private Long txPackets(String css) {
        List<WebElement> c = browser.all(css);
        String v = c.isEmpty() ? null : c.get(0).getAttribute("data-tx-packets");
        return v == null ? null : Long.valueOf(v);
    }

    /** What the terminal on NODE shows, as text. */
    private String screen(String node) {
        return String.valueOf(browser.driver.executeScript(
                "const p = document.querySelector(`.pane[data-node='${arguments[0]}'] .xterm-rows`); return p ? p.innerText : ''", node));
    }
}
