package io.nslab.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RingSizeTest {
    @Test
    void oneTapGetsWhatTcpdumpAsksForManyShareTheBudget() {
        assertEquals(32 << 20, PacketSocket.blocksFor(1) * PacketSocket.BLOCK_SIZE, "one tap: tcpdump -B 32768");
        for (int taps = 1; taps <= 64; taps++) {
            long all = (long) taps * PacketSocket.blocksFor(taps) * PacketSocket.BLOCK_SIZE;
            assertTrue(all <= 64 << 20, taps + " taps take " + all + " bytes of kernel memory");
        }
        assertEquals(4, PacketSocket.blocksFor(600), "--all on a 300-node lab: the fewest blocks, 1 MiB a tap");
    }
}
