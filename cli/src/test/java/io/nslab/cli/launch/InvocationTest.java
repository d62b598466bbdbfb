package io.nslab.cli.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Suggested commands say nslab as the user typed it, ready to paste. */
class InvocationTest {
    @AfterEach
    void forget() {
        System.clearProperty("nslab.invoked");
    }

    @Test
    void asTypedAndQuotedWhenItMustBe() {
        assertEquals("sudo nslab up FILE", Invocation.sudo("up FILE"), "without the launcher");
        System.setProperty("nslab.invoked", "./nslab");
        assertEquals("sudo ./nslab down bridge", Invocation.sudo("down bridge"));
        System.setProperty("nslab.invoked", "/home/ann/my labs/nslab");
        assertEquals("sudo '/home/ann/my labs/nslab' status x", Invocation.sudo("status x"));
        System.setProperty("nslab.invoked", "/tmp/it's/nslab");
        assertEquals("'/tmp/it'\\''s/nslab'", Invocation.command());
    }
}
