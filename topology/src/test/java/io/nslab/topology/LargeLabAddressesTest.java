package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.nslab.topology.plan.Plan;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Step;
import io.nslab.topology.plan.Steps.AddAddress;

/**
 * Large generated labs (seeded, so a failure names its lab): hundreds of nodes with one to
 * three interfaces on several bridges, some addresses written in the file and the rest
 * allocated. Every address the Plan gives is unique in the lab, inside its bridge's subnet,
 * never the gateway, and an address written in the file is the one the node gets.
 */
class LargeLabAddressesTest {
    static final int BRIDGES = 4, NODES = 700;

    @Test
    void everyAddressOfALargeGeneratedLabIsUniqueAndInItsSubnet() {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            StringBuilder json = new StringBuilder("{\"name\":\"big\",\"bridges\":{");
            for (int b = 0; b < BRIDGES; b++) {
                json.append(b == 0 ? "" : ",").append("\"br").append(b).append("\":{\"subnet\":\"10.").append(b).append(".0.0/22\"}");
            }
            json.append("},\"nodes\":{");
            Map<String, String> written = new HashMap<>(); // "node:if" -> address written in the file
            Set<String> taken = new HashSet<>();
            for (int n = 0; n < NODES; n++) {
                json.append(n == 0 ? "" : ",").append("\"n").append(n).append("\":{\"interfaces\":{");
                List<Integer> bridges = new ArrayList<>(List.of(0, 1, 2, 3));
                java.util.Collections.shuffle(bridges, random);
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    int b = bridges.get(i);
                    json.append(i == 0 ? "" : ",").append("\"eth").append(i).append("\":{\"bridge\":\"br").append(b).append("\"");
                    if (random.nextInt(5) == 0) { // one in five written in the file, anywhere past the gateway
                        String ip;
                        do ip = "10." + b + "." + random.nextInt(4) + "." + (2 + random.nextInt(250)); while (!taken.add(ip));
                        json.append(",\"ip\":\"").append(ip).append("/22\"");
                        written.put("n" + n + ":eth" + i, ip + "/22");
                    }
                    json.append("}");
                }
                json.append("}}");
            }
            json.append("}}");

            Plan plan = PlanCompiler.compile(LabParser.parse(json.toString(), null), false);
            Set<String> seen = new HashSet<>();
            int addresses = 0;
            for (Step s : plan.steps()) {
                if (!(s instanceof AddAddress a)) continue;
                addresses++;
                String ip = a.cidr().address().toString();
                assertTrue(seen.add(ip), "seed " + seed + ": " + ip + " given twice (" + a + ")");
                int b = Integer.parseInt(ip.split("\\.")[1]);
                assertTrue(ip.startsWith("10." + b + ".") && a.cidr().prefix() == 22, "seed " + seed + ": " + a + " outside its subnet");
                if (!a.ifname().startsWith("br")) assertTrue(!ip.equals("10." + b + ".0.1"), "seed " + seed + ": a node got the gateway: " + a);
            }
            assertTrue(addresses > NODES + BRIDGES, "seed " + seed + ": " + addresses + " addresses");
            for (var n : plan.nodes()) {
                for (var e : n.addresses().entrySet()) {
                    String want = written.get(n.name() + ":" + e.getKey());
                    if (want != null) assertEquals(want, e.getValue().toString(), "seed " + seed + ": " + n.name() + " " + e.getKey());
                }
            }
        }
    }
}
