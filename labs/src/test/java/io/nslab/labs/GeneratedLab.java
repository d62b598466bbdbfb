package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

/** A lab file a test writes (big labs, made in a loop), brought up, used, and taken down leaving nothing. */
final class GeneratedLab {
    interface Use {
        void with(String lab) throws Exception;
    }

    private GeneratedLab() {}

    static void upUseDown(Path dir, String lab, String json, Use use) throws Exception {
        Path file = dir.resolve(lab + ".json");
        Files.writeString(file, json);
        LabTraces.Footprint footprint = LabTraces.Footprint.of(lab);
        try {
            Nslab.Run up = Nslab.run("up", file.toString());
            assertEquals(0, up.code(), up.toString());
            footprint = LabTraces.footprint(lab);
            use.with(lab);
        } finally {
            Nslab.Run down = Nslab.run("down", lab);
            assertEquals(0, down.code(), down.toString());
            LabTraces.assertNone("after down", footprint);
        }
    }
}
