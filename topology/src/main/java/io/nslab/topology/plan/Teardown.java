package io.nslab.topology.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a lab is taken apart: the one undo model. From the inverse of each step done (or that
 * may have been done), it gives the order, latest first, and which inverses need no call of
 * their own because a namespace the lab made, deleted in the same teardown, takes their object
 * along (one call instead of hundreds). {@code explain} shows the teardown of a whole plan; a
 * failed {@code up} and {@code down} run the teardown of what the journal says was done; the
 * sweep runs the inverses of what it finds by the lab's mark.
 */
public final class Teardown {
    /**
     * One inverse, in teardown order.
     *
     * @param step             the forward step it undoes (its number in the plan)
     * @param withItsNamespace whether a namespace this teardown deletes takes its object along
     */
    public record Undoing(int step, Step inverse, boolean withItsNamespace) {}

    private final List<Undoing> undoings;

    private Teardown(List<Undoing> undoings) {
        this.undoings = List.copyOf(undoings);
    }

    /** The teardown of these inverses (forward step number → its inverse), whatever order they come in. */
    public static Teardown of(Map<Integer, Step> inverses) {
        SortedMap<Integer, Step> byStep = new TreeMap<>(Collections.reverseOrder());
        byStep.putAll(inverses);
        Set<String> ownNetns = new LinkedHashSet<>();
        for (Step inverse : byStep.values()) {
            Place p = inverse.accept(PLACE);
            if (p.deletes() != null) ownNetns.add(p.deletes());
        }
        List<Undoing> out = new ArrayList<>();
        byStep.forEach((k, inverse) -> {
            String home = inverse.accept(PLACE).livesIn();
            out.add(new Undoing(k, inverse, home != null && ownNetns.contains(home)));
        });
        return new Teardown(out);
    }

    /** The teardown of a plan's first {@code done} steps (a failed {@code up} after step {@code done}). */
    public static Teardown of(Plan plan, int done) {
        Map<Integer, Step> inverses = new TreeMap<>();
        for (int k = 1; k <= done; k++) {
            int step = k;
            plan.steps().get(k - 1).inverse().ifPresent(inverse -> inverses.put(step, inverse));
        }
        return of(inverses);
    }

    /** Every inverse, latest first. */
    public List<Undoing> undoings() { return undoings; }

    /** The inverses alone, latest first. */
    public List<Step> steps() { return undoings.stream().map(Undoing::inverse).toList(); }

    /** The namespaces this teardown deletes, latest first. */
    public List<String> namespaces() {
        List<String> out = new ArrayList<>();
        for (Undoing u : undoings) {
            String name = u.inverse().accept(PLACE).deletes();
            if (name != null) out.add(name);
        }
        return out;
    }

    /**
     * Where an inverse acts: the namespace it deletes, and the namespace its object lives in
     * when deleting that namespace takes the object along (null for what outlives every
     * namespace: a cgroup, a sysctl, a process, a namespace itself).
     */
    private record Place(String deletes, String livesIn) {}

    private static final Place NOWHERE = new Place(null, null);

    private static final Step.Visitor<Place> PLACE = new Step.UndoVisitor<>() {
        public Place deleteNetns(Steps.DeleteNetns s) { return new Place(s.name(), null); }
        public Place deleteLink(Steps.DeleteLink s) { return new Place(null, s.netns()); }
        public Place deleteNatTable(Steps.DeleteNatTable s) { return new Place(null, s.netns()); }
        public Place clearImpairment(Steps.ClearImpairment s) { return new Place(null, s.netns()); }
        public Place restoreSysctl(Steps.RestoreSysctl s) { return NOWHERE; }
        public Place deleteCgroup(Steps.DeleteCgroup s) { return NOWHERE; }
        public Place stopNode(Steps.StopNode s) { return NOWHERE; }
        public Place stopServices(Steps.StopServices s) { return NOWHERE; }
        public Place unmountLayers(Steps.UnmountLayers s) { return NOWHERE; }
    };
}
