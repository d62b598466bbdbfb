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
 * (performance.now() once the list is built and the picture painted: from navigation start, page,
 * libraries, socket, topology and layout included; the first run's server and browser are cold),
 * where that time went, how long each second's counter update takes, and a filter.
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
        List<String> lines = new ArrayList<>();
        try {
            // Each picture with its own cold server and browser: the page's canvas (what a big lab
            // gets) and Cytoscape's (what it got before), in one run.
            for (String picture : List.of("canvas", "cytoscape")) load(lab, picture, runs, lines);
            System.out.println("nslab web, " + nodes + " nodes:\n" + String.join("\n", lines));
            Files.writeString(Path.of("target/web-bench.txt"), String.join("\n", lines) + "\n");
        } finally {
            Nslab.run("down", lab);
        }
    }

    private static void load(String lab, String picture, int runs, List<String> lines) throws Exception {
        long started = System.nanoTime();
        try (WebServerRun server = WebServerRun.start(lab); Browser browser = new Browser()) {
            lines.add(String.format("picture=%s: nslab web printed its URL %.0f ms after it was started", picture, (System.nanoTime() - started) / 1e6));
            for (int run = 0; run < runs; run++) {
                browser.driver.get("about:blank");
                browser.driver.get(server.url + "&picture=" + picture);
                Object drawn = browser.await(java.time.Duration.ofSeconds(60), "the page ready",
                        d -> browser.driver.executeScript("return window.nslabPage.timings.ready"));
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
                        const r = (name) => { const e = performance.getEntriesByType('resource').find((x) => x.name.includes(name));
                                              return e ? `${Math.round(e.requestStart)}-${Math.round(e.responseEnd)}` : '?'; };
                        const nav = performance.getEntriesByType('navigation')[0];
                        return {phases: `page ${Math.round(nav.responseEnd)}, cytoscape.min.js ${r('cytoscape')}, app.js ${r('app.js')}, `
                                + `scripts run ${Math.round(nav.domContentLoadedEventEnd)}, socket open ${Math.round(w.open)}, topology ${Math.round(w.topology)}, `
                                + `picture ${Math.round(w.picture)}, list ${Math.round(w.listed)}, painted ${Math.round(w.ready)}`, filter, statsMax: Math.max(...s), statsAvg: s.reduce((a, b) => a + b, 0) / s.length,
                                items: document.querySelectorAll('#items li').length};""");
                lines.add(String.format("  run %d: ready (list built, picture painted) %.0f ms after navigation; counter update avg %.1f ms, max %.1f ms; filter %.1f ms; %s list items (ms after navigation: %s)",
                        run + 1, ((Number) drawn).doubleValue(), ((Number) t.get("statsAvg")).doubleValue(),
                        ((Number) t.get("statsMax")).doubleValue(), ((Number) t.get("filter")).doubleValue(), t.get("items"), t.get("phases")));
            }
        }
    }
}
