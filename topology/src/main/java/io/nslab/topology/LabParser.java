package io.nslab.topology;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Lab;
import io.nslab.topology.parse.JsonTree;
import io.nslab.topology.parse.LabReader;
import io.nslab.topology.parse.LabRules;
import io.nslab.topology.parse.LabSyntax;
import io.nslab.topology.parse.Problems;
import io.nslab.topology.parse.YamlText;

/**
 * Reads a lab file (lab-format.md, version 1) and checks every rule, reporting all errors
 * of the file at once in a {@link LabException}. JSON is strict: duplicate keys, comments,
 * trailing commas and anything after the object are errors. A {@code .yaml} or {@code .yml}
 * file is YAML (one document, no duplicate keys, no aliases) read into the same tree, so it
 * meets the same rules with the same messages.
 */
public final class LabParser {
    // A parser, not an ObjectMapper (see JsonTree). Strict: trailing commas are off by default.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private LabParser() {}

    /**
     * Lab files are small (a thousand nodes take a few hundred KB); a larger file is refused
     * without being read to its end, so /dev/zero or a runaway generator cannot exhaust memory.
     */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    public static Lab parse(Path file) {
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new LabException(file.toString(), List.of(new LabError("file",
                        "larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; a lab file is a small JSON object")));
            }
            text = utf8(bytes, file);
        } catch (NoSuchFileException e) {
            throw new LabException(file.toString(), List.of(new LabError("file", "no such file")));
        } catch (IOException e) {
            throw new LabException(file.toString(), List.of(new LabError("file", "cannot read: " + e.getMessage())));
        }
        return parse(text, file.toString(), LabSyntax.of(file), file.toAbsolutePath().getParent());
    }

    /** The file's text; a byte that is not UTF-8 is an error that says where it is. */
    private static String utf8(byte[] bytes, Path file) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (r.isError()) {
            throw new LabException(file.toString(), List.of(new LabError("file",
                    "not UTF-8 text (byte " + in.position() + "); a lab file is " + LabSyntax.of(file) + " in UTF-8")));
        }
        return out.flip().toString();
    }

    /** Parses JSON {@code text}; {@code source} names it in error messages (a file name, or null). */
    public static Lab parse(String text, String source) {
        return parse(text, source, LabSyntax.JSON);
    }

    /** Parses JSON {@code text}; relative paths in the lab (a node's root, mounts and files) start from {@code base}. */
    public static Lab parse(String text, String source, Path base) {
        return parse(text, source, LabSyntax.JSON, base);
    }

    /** Parses {@code text} written in {@code syntax}; {@code source} names it in error messages. */
    public static Lab parse(String text, String source, LabSyntax syntax) {
        return parse(text, source, syntax, Path.of("").toAbsolutePath());
    }

    /** As above; relative paths in the lab (a node's root, mounts and files) start from {@code base}. */
    public static Lab parse(String text, String source, LabSyntax syntax, Path base) {
        JsonNode root;
        // Our own parser, so an error without a location (Jackson's limits) can still say where it stopped.
        try (JsonParser parser = syntax == LabSyntax.YAML ? YamlText.parser(text) : JSON.createParser(text)) {
            try {
                root = JsonTree.read(parser, syntax);
                if (root != null && parser.nextToken() != null) {
                    throw new LabException(source, List.of(new LabError(where(parser.currentTokenLocation()), syntax == LabSyntax.YAML
                            ? "broken YAML: a second document; a lab file is one"
                            : "broken JSON: something after the end of the lab's object")));
                }
            } catch (JsonProcessingException e) {
                LabError yaml = syntax == LabSyntax.YAML ? YamlText.syntaxError(e) : null;
                throw new LabException(source, List.of(yaml != null ? yaml : syntaxError(e, parser, syntax)));
            }
        } catch (IOException e) {
            throw new LabException(source, List.of(new LabError("(top)", "cannot read: " + e.getMessage())));
        }
        if (root == null || root.isMissingNode()) {
            throw new LabException(source, List.of(new LabError("line 1, column 1", "the file is empty; a lab is one " + syntax + " object")));
        }
        Problems problems = new Problems();
        Lab lab = new LabReader(problems, base).read(root);
        if (lab != null) LabRules.check(lab, problems);
        if (!problems.isEmpty()) throw new LabException(source, problems.list());
        return lab;
    }

    private static LabError syntaxError(JsonProcessingException e, JsonParser parser, LabSyntax syntax) {
        String what = e.getOriginalMessage();
        if (e instanceof JsonParseException && what.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p) {
            // "Duplicate field 'ip'": say it in the file's terms, at the key's own path.
            String key = what.substring(what.indexOf('\'') + 1, what.lastIndexOf('\''));
            // Jackson stops right after the key (after its closing quote in JSON); point at its start.
            JsonLocation at = e.getLocation();
            int back = key.length() + (syntax == LabSyntax.JSON ? 2 : 0);
            String where = at == null ? "line ?, column ?" : "line " + at.getLineNr() + ", column " + Math.max(1, at.getColumnNr() - back);
            return new LabError(pathOf(p), "duplicate key \"" + key + "\" (" + where + ")");
        }
        // Jackson's messages carry token codes, a "\n at [Source...]" tail and feature names; keep what a person needs.
        int nl = what.indexOf('\n');
        if (nl >= 0) what = what.substring(0, nl);
        what = what.replaceAll(" \\(start marker at .*", "")
                // Jackson's limits name the Java method that sets them: "(1000, from `StreamReadConstraints...`)".
                .replaceAll("\\(([0-9]+), from `[^`]*`\\)", "($1)")
                .replaceAll("\\[Source: .*?; line: ([0-9]+), column: ([0-9]+)\\]", "line $1, column $2")
                .replaceAll(" \\(code [0-9]+\\)", "")
                .replaceAll("maybe a \\(non-standard\\) comment\\?.*", "comments are not allowed in JSON");
        JsonLocation at = e.getLocation();
        if (at == null) at = parser.currentLocation();
        return new LabError(where(at), "broken " + syntax + ": " + what);
    }

    private static String where(JsonLocation at) {
        return at == null ? "line ?, column ?" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** The JSON path of the parser's current key, e.g. {@code nodes.web.interfaces}. */
    private static String pathOf(JsonParser p) {
        String pointer = p.getParsingContext().pathAsPointer().toString();
        String path = "";
        if (pointer.isEmpty()) return "(top)";
        for (String part : pointer.substring(1).split("/")) {
            String key = part.replace("~1", "/").replace("~0", "~");
            path = key.matches("[0-9]+") && p.getParsingContext().inArray() ? Problems.index(path, Integer.parseInt(key)) : Problems.key(path, key);
        }
        return path;
    }
}
