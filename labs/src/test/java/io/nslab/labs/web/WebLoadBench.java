package io.nslab.labs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nslab.labs.Nslab;

/**
 * Not a test (its name keeps it out of the suite: speed belongs to bench/): bench/web.sh runs
 * it. A lab of N nodes on one bridge (system property nslab.bench.nodes, default 300), nslab
 * web, and headless chromium loading the page RUNS times: how long until the picture is drawn
 * (performance.now() at the end of the draw: from navigation start, page, libraries, socket,
 * topology and layout included), how long each second's counter update takes, and a filter.
 */
class WebLoadBench {
    @Test
    void loadTheBigPage() throws Exception {
        int nodes = Integer.getInteger("nslab.bench.nodes", 300), runs = Integer.getInteger("nslab.bench.runs", 5);
        Path dir = Files.createTempDirectory("nst-webbench");
        String lab = Nslab.uniqueName();
        StringBuilder json = new StringBuilder("{\"name\": \"" + lab + "\", \"bridges\": {\"br0\": {\"subnet\": \"10.77.0.0/22\"}}, \"nodes\": {");
        for (int i = 0; i < nodes; i++) json.append(i == 0 ? "" : ",").append("\"n").append(i).append("\": {\"interfaces\": {\"eth0\": {\"bridge\": \"br0\"}}}");
        Files.writeString(dir.resolve("big.json"), json.append("}}").toString());
        Nslab.Run up = Nslab.run("up", dir.resolve("big.json").toString());
        assertEquals(0, up.code(), up.toString());
        try (WebServerRun server = WebServerRun.start(lab); Browser browser = new Browser()) {
            List<String> lines = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                browser.driver.get("about:blank");
                browser.driver.get(server.url);
                Object drawn = browser.await(java.time.Duration.ofSeconds(60), "the picture",
                        d -> browser.driver.executeScript("return window.nslabPage.timings.drawn"));
                browser.await(java.time.Duration.ofSeconds(30), "ten counter updates",
                        d -> ((Number) browser.driver.executeScript("return window.nslabPage.timings.stats.length")).intValue() >= 10);
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) browser.driver.executeScript("""
                        const f = document.getElementById('filter');
                        f.value = 'n29'; f.dispatchEvent(new Event('input'));
                        const filter = window.nslabPage.timings.filter;
                        f.value = ''; f.dispatchEvent(new Event('input'));
                        const s = window.nslabPage.timings.stats;
                        const w = window.nslabPage.timings;
                        return {phases: `scripts and socket ${Math.round(w.open)}, topology ${Math.round(w.topology)}, picture ${Math.round(w.picture)}, list ${Math.round(w.drawn)}`, filter, statsMax: Math.max(...s), statsAvg: s.reduce((a, b) => a + b, 0) / s.length,
                                items: document.querySelectorAll('#items li').length};""");
                lines.add(String.format("run %d: drawn %.0f ms after navigation; counter update avg %.1f ms, max %.1f ms; filter %.1f ms; %s list items (ms after navigation: %s)",
                        run + 1, ((Number) drawn).doubleValue(), ((Number) t.get("statsAvg")).doubleValue(),
                        ((Number) t.get("statsMax")).doubleValue(), ((Number) t.get("filter")).doubleValue(), t.get("items"), t.get("phases")));
            }
            System.out.println("nslab web, " + nodes + " nodes:\n" + String.join("\n", lines));
            Files.writeString(Path.of("target/web-bench.txt"), String.join("\n", lines) + "\n");
        } finally {
            Nslab.run("down", lab);
        }
    }
}
