package io.nslab.netlink.nft;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.Netlink;

/**
 * Golden bytes of {@code nft list chains} (nft 1.0.6, strace -e read=all, inside a throwaway
 * netns holding {@code table inet filter { chain forward { type filter hook forward priority 0;
 * policy drop; } chain mine { } }}): the dump request nft sent and the two chains the kernel
 * answered.
 */
class ChainTest {
    static final String FORWARD = "70000000030a0200000000001e600000" + "010000020b00010066696c7465720000"
            + "0c000300666f7277617264000c000200" + "00000000000000011400040008000100"
            + "00000002080002000000000008000500" + "000000000b00070066696c7465720000"
            + "08000a00000000010800060000000000";
    static final String MINE = "40000000030a0200000000001e600000" + "010000020b00010066696c7465720000"
            + "090003006d696e65000000000c000200" + "00000000000000020800060000000000";

    @Test
    void dumpRequestIsNftsBytes() {
        byte[] built = NftMessages.dumpChains(Nft.NFPROTO_UNSPEC).addFlags(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP).build(0, 0);
        assertEquals("14000000040a01030000000000000000" + "00000000", HexFormat.of().formatHex(built));
    }

    @Test
    void decodesABaseChainAndARegularOne() {
        Chain forward = NfTables.chain(Message.parse(HexFormat.of().parseHex(FORWARD)));
        assertEquals(new Chain(Nft.NFPROTO_INET, "filter", "forward", "filter", Nft.NF_INET_FORWARD, 0, Nft.NF_DROP), forward);
        assertTrue(forward.isBase());
        assertTrue(forward.isForward());
        assertTrue(forward.dropsByDefault());
        assertEquals("inet filter forward", forward.toString());

        Chain mine = NfTables.chain(Message.parse(HexFormat.of().parseHex(MINE)));
        assertEquals(new Chain(Nft.NFPROTO_INET, "filter", "mine", null, null, null, null), mine);
        assertFalse(mine.isBase());
        assertFalse(mine.isForward());
        assertFalse(mine.dropsByDefault());
    }

    @Test
    void forwardMeansTheForwardHookOfAnIpv4CarryingFamily() {
        assertTrue(new Chain(Nft.NFPROTO_IPV4, "filter", "FORWARD", "filter", Nft.NF_INET_FORWARD, 0, Nft.NF_DROP).isForward());
        assertTrue(new Chain(Nft.NFPROTO_BRIDGE, "filter", "FORWARD", "filter", Nft.NF_INET_FORWARD, 0, Nft.NF_DROP).isForward());
        assertFalse(new Chain(Nft.NFPROTO_IPV6, "filter", "FORWARD", "filter", Nft.NF_INET_FORWARD, 0, Nft.NF_DROP).isForward());
        // netdev numbers its hooks differently (2 is not forward there), and input is not forward.
        assertFalse(new Chain(Nft.NFPROTO_NETDEV, "t", "c", "filter", 2, 0, Nft.NF_DROP).isForward());
        assertFalse(new Chain(Nft.NFPROTO_IPV4, "filter", "INPUT", "filter", Nft.NF_INET_LOCAL_IN, 0, Nft.NF_DROP).isForward());
        assertEquals("bridge filter FORWARD", new Chain(Nft.NFPROTO_BRIDGE, "filter", "FORWARD", null, null, null, null).toString());
    }
}
