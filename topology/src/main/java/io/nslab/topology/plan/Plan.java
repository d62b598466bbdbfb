package io.nslab.topology.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * What building a lab takes, in order: immutable data compiled from a lab file by
 * {@link PlanCompiler}, run by the executor, printed by {@code explain}, kept as plan.json.
 * Teardown and rollback are derived from it ({@link Teardown}): the inverses of the steps done, in reverse.
 *
 * @param lab       the lab's name
 * @param onHost    whether the host side is the machine's own network namespace
 * @param hostNetns the host side's netns: the lab's name, or {@link NetnsName#CURRENT}
 * @param natTable  the lab's nf_tables table (family inet), {@code nslab-LAB}
 * @param nodes     every node, in file order
 * @param steps     what to do, in order
 * @param checks    the lab's checks, resolved to addresses and namespaces
 */
public record Plan(int version, String lab, boolean onHost, String hostNetns, String natTable, List<PlanNode> nodes,
                   List<Step> steps, List<ResolvedCheck> checks) {
    public static final int VERSION = 1;

    /** For reading plan.json; made on first use (a holder class): a new ObjectMapper costs a fresh JVM ~40 ms. */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .addModule(AddressJson.module()).build();
    }

    public Plan {
        nodes = List.copyOf(nodes);
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
    }

    /**
     * The steps of one kind, in plan order: for a reader that wants one kind (the routes, the
     * nodes). What must handle every kind is a {@link Step.Visitor}.
     */
    public <T extends Step> List<T> steps(Class<T> kind) {
        return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The steps of one kind by their number (from 1, as up, the journal and messages count), in plan order. */
    public <T extends Step> Map<Integer, T> numbered(Class<T> kind) {
        Map<Integer, T> out = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) if (kind.isInstance(steps.get(i))) out.put(i + 1, kind.cast(steps.get(i)));
        return out;
    }

    /** Every interface the steps make (bridges, both ends of each veth), in plan order. */
    public List<MadeLink> links() {
        List<MadeLink> out = new ArrayList<>();
        for (Step s : steps) out.addAll(MadeLink.of(s));
        return out;
    }

    /** The steps that undo the first {@code done} steps (a failed {@code up} after step {@code done}), latest first ({@link Teardown}). */
    public List<Step> rollback(int done) { return Teardown.of(this, done).steps(); }

    /** The steps that remove the whole lab, latest first ({@link Teardown}). */
    public List<Step> teardown() { return rollback(steps.size()); }

    /** plan.json (see {@link PlanJson}: what databind would write, written faster). */
    public String toJson() {
        return PlanJson.write(this);
    }

    public static Plan fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, Plan.class);
        } catch (IOException e) {
            throw new UncheckedIOException("plan.json is not a plan: " + e.getMessage(), e);
        }
    }
}
