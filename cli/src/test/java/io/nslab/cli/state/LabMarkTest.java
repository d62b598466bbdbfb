package io.nslab.cli.state;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabMarkTest {
    @AfterEach
    void clearRoot() {
        System.clearProperty("nslab.state");
    }

    @Test
    void aMarkNamesItsLabAndStateRootAndReadsBack() {
        System.setProperty("nslab.state", "/tmp/x/../nst-root");
        LabMark mark = LabMark.of("web-lab");
        assertEquals("nslab:web-lab:/tmp/nst-root", mark.text());
        assertEquals(Optional.of(mark), LabMark.parse(mark.text()));
        assertEquals(Optional.of(new LabMark("a", "/p:with:colons")), LabMark.parse("nslab:a:/p:with:colons"));
        assertTrue(mark.underCurrentRoot());
        System.setProperty("nslab.state", "/tmp/other");
        assertFalse(mark.underCurrentRoot());
        assertFalse(mark.orphaned(), "a lab of another root is never this root's orphan");
    }

    @Test
    void anythingElseIsNoMark() {
        for (String text : new String[] {null, "", "nslab:", "nslab:lab", "nslab:lab:", "nslab::/run/nslab",
                "nslab:lab:relative", "NSLAB:lab:/run/nslab", "my alias", "xnslab:lab:/run/nslab"}) {
            assertEquals(Optional.empty(), LabMark.parse(text), String.valueOf(text));
        }
    }
}
