package io.nslab.cli.run;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.nslab.topology.plan.Step;

/**
 * One line of a lab's journal. Kinds, each written before what it records can have happened:
 * <ul>
 *   <li>{@code {"do":K,"step":{...}}}: step K (1-based) of the Plan is about to run; for a sysctl
 *       of the machine's own namespace, {@code "old"} is the value to restore;</li>
 *   <li>{@code {"absent":K}}: step K failed without creating anything (its name was taken), so
 *       undoing must leave that object alone: it is not the lab's;</li>
 *   <li>{@code {"process":"node:web","pid":P,"start":T}}: a process the lab started (a node's init,
 *       {@code "supervisor"}), recorded as soon as it exists.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(@JsonProperty("do") Integer doStep, Step step, String old, Integer absent,
                           String process, Integer pid, Long start) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public static JournalEntry step(int number, Step step) { return new JournalEntry(number, step, null, null, null, null, null); }

    public static JournalEntry step(int number, Step step, String old) { return new JournalEntry(number, step, old, null, null, null, null); }

    public static JournalEntry absent(int number) { return new JournalEntry(null, null, null, number, null, null, null); }

    public static JournalEntry process(String what, int pid, long start) { return new JournalEntry(null, null, null, null, what, pid, start); }

    public static String node(String name) { return "node:" + name; }

    public static final String SUPERVISOR = "supervisor";

    /** The entries of a journal as {@link io.nslab.cli.state.Journal#read} gives them; unknown lines are skipped. */
    public static List<JournalEntry> parse(List<JsonNode> lines) {
        List<JournalEntry> out = new ArrayList<>();
        for (JsonNode line : lines) {
            try {
                out.add(JSON.treeToValue(line, JournalEntry.class));
            } catch (java.io.IOException | IllegalArgumentException e) {
                // A line of a newer or older nslab: what it did cannot be undone from here; the
                // namespace sweep of down still removes what lives in the lab's namespaces.
            }
        }
        return out;
    }
}
