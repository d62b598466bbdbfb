package io.nslab.cli.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Some of a pingall's pairs, drawn at random: {@code pingall --sample N}, for labs whose every
 * pair is too many (10,000 nodes: 100 million pairs). Each pair a source may ping (never itself)
 * is as likely as any other, and none is drawn twice. The same seed over the same lab draws the
 * same pairs: {@link Random} is specified down to its arithmetic, so a seed printed by one run
 * repeats it on any JVM.
 *
 * @param pairs the pairs drawn, in the lab's order (by source, then by target, as in the file)
 * @param of    how many pairs there were to draw from
 * @param seed  the seed they were drawn with
 */
public record PairSample(List<PingPair> pairs, long of, long seed) {

    /** {@code n} pairs of sources × targets (names in file order), or all of them when there are no more. */
    public static PairSample draw(List<String> sources, List<String> targets, int n, long seed) {
        if (n <= 0) throw new IllegalArgumentException("a sample of " + n + " pairs");
        Map<String, Integer> targetIndex = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) targetIndex.put(targets.get(i), i);
        long of = 0;
        for (String s : sources) of += targets.size() - (targetIndex.containsKey(s) ? 1 : 0);
        Random random = new Random(spread(seed));
        Set<Long> drawn = new HashSet<>();
        List<PingPair> pairs = new ArrayList<>();
        if (n >= of / 2) {
            // Many of them: every pair, shuffled only as far as needed (Fisher-Yates, stopped at n).
            List<PingPair> all = new ArrayList<>();
            for (String s : sources) for (String t : targets) if (!s.equals(t)) all.add(new PingPair(s, t));
            int take = (int) Math.min(n, all.size());
            for (int i = 0; i < take; i++) Collections.swap(all, i, i + random.nextInt(all.size() - i));
            pairs.addAll(all.subList(0, take));
        } else {
            // Few of them: drawn one by one, a source and a target each equally likely, again
            // when it is the same node or drawn already (so every pair has the same chance).
            while (pairs.size() < n) {
                int s = random.nextInt(sources.size()), t = random.nextInt(targets.size());
                if (sources.get(s).equals(targets.get(t)) || !drawn.add((long) s * targets.size() + t)) continue;
                pairs.add(new PingPair(sources.get(s), targets.get(t)));
            }
        }
        Map<String, Integer> sourceIndex = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) sourceIndex.put(sources.get(i), i);
        pairs.sort(Comparator.comparingInt((PingPair p) -> sourceIndex.get(p.source())).thenComparingInt(p -> targetIndex.get(p.target())));
        return new PairSample(List.copyOf(pairs), of, seed);
    }

    /**
     * The seed, its bits spread (SplitMix64's finaliser): Random's first numbers for seeds 1, 2,
     * 3... follow each other closely, so the samples of neighbouring seeds would look alike (of
     * 4 nodes' 12 pairs, seeds 0 to 5,999 drew one pair 143 times where 500 were due).
     */
    static long spread(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether every pair there was is in the sample. */
    public boolean whole() {
        return pairs.size() == of;
    }
}
