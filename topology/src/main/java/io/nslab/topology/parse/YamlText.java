package io.nslab.topology.parse;

import java.io.IOException;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;


/**
 * A lab file written in YAML, read as tokens by Jackson's YAML parser into the same tree as
 * JSON. Kept apart from the JSON path so that a JSON lab never loads the YAML classes.
 */
public final class YamlText {
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .loaderOptions(limits())
            .build();

    private YamlText() {}

    /** SnakeYAML's own limit (3 MB) would refuse lab files that JSON accepts. */
    private static LoaderOptions limits() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(io.nslab.topology.LabParser.MAX_FILE_BYTES);
        o.setAllowDuplicateKeys(false);
        return o;
    }

    public static JsonParser parser(String text) throws IOException {
        return YAML.createParser(text);
    }

    /**
     * Refuses an alias ({@code *name}): Jackson hands it on as the plain string "name", so a
     * lab would silently hold the anchor's name where the user meant its value.
     */
    static void refuseAlias(JsonParser p) throws IOException {
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            throw new JsonParseException(p, "alias *" + y.getText()
                    + ": lab files take no anchors and aliases, write the value out", p.currentTokenLocation());
        }
    }

    /** SnakeYAML's error as one line: the problem where it is, then what it was reading. */
    public static LabError syntaxError(JsonProcessingException e) {
        if (e instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            String what = m.getProblem();
            if (m.getContext() != null && m.getContextMark() != null) {
                what += " (" + m.getContext() + " at " + where(m.getContextMark()) + ")";
            }
            return new LabError(where(m.getProblemMark()), "broken YAML: " + what);
        }
        return null;
    }

    private static String where(Mark m) {
        return "line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
    }
}
