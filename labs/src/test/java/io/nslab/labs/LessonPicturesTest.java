package io.nslab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import io.nslab.labs.lessons.Picture;

/**
 * Every lesson shows its lab as a picture, labs/pictures/NAME.svg, and the picture is what
 * {@code nslab graph -f svg labs/NAME.json} draws today: a lab file changed without its picture
 * fails here, naming the command that redraws it. Needs no root and no lab.
 */
class LessonPicturesTest {
    @TempDir Path tmp;

    @TestFactory
    Stream<DynamicTest> everyLessonShowsItsLabAsNslabGraphDrawsIt() throws Exception {
        List<Path> lessons = LessonTextsTest.lessons();
        assertTrue(lessons.size() >= 10, "the lessons under labs/: " + lessons);
        return lessons.stream().map(lesson -> DynamicTest.dynamicTest(lesson.getFileName().toString(), () -> {
            String name = lesson.getFileName().toString().replaceFirst("\\.md$", "");
            String picture = "labs/pictures/" + name + ".svg";
            String redraw = "redraw it with `./nslab graph -f svg -o " + picture + " labs/" + name + ".json` and commit it";
            Path drawn = tmp.resolve(name + ".svg");
            Nslab.Run graph = Nslab.run("graph", "-f", "svg", "-o", drawn.toString(),
                    Nslab.repo().resolve("labs/" + name + ".json").toString());
            assertEquals(0, graph.code(), "nslab graph of labs/" + name + ".json: " + graph);
            Path checkedIn = Nslab.repo().resolve(picture);
            assertTrue(Files.exists(checkedIn), picture + " is missing: " + redraw);
            assertTrue(Picture.inStep(Files.readString(checkedIn), Files.readString(drawn)),
                    picture + " is out of step with labs/" + name + ".json (nslab graph draws it otherwise): " + redraw);
            assertTrue(Files.readString(lesson).contains("](pictures/" + name + ".svg)"),
                    "labs/" + name + ".md does not show its picture: add ![the lab " + name + "](pictures/" + name + ".svg) under its first paragraph");
        }));
    }
}
