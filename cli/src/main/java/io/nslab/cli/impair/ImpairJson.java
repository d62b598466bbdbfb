package io.nslab.cli.impair;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A row of the impair file for scripts: compact, snake_case, delays in µs (integers: netem's own unit), a rate in bit/s. */
public final class ImpairJson {
    private ImpairJson() {}

    /** {@code text} as a JSON string. */
    public static String quoted(String text) {
        return JsonNodeFactory.instance.textNode(text).toString();
    }

    public static ObjectNode of(ImpairState.Row r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("endpoint", r.endpoint()).put("direction", r.direction()).put("netns", r.netns()).put("ifname", r.ifname());
        var i = r.impairment();
        o.put("rate_bits", i.rateBits()).put("delay_us", i.delayMicros()).put("jitter_us", i.jitterMicros())
                .put("loss_percent", i.lossPercent()).put("via", r.via());
        return o;
    }
}
