package io.nslab.cli.capture.pcapng;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Section Header Block (type 0x0A0D0D0A), first in every pcapng file: the byte-order magic
 * 0x1A2B3C4D, version 1.0, section length -1 (unknown: the file is written as a stream), and
 * shb_userappl naming the writer.
 */
public final class SectionHeader {
    static final int TYPE = 0x0A0D0D0A;
    private static final int MAGIC = 0x1A2B3C4D;
    private static final int SHB_USERAPPL = 4;

    private SectionHeader() {}

    public static byte[] encode(String application) {
        byte[] options = new Options().text(SHB_USERAPPL, application).encode();
        ByteBuffer body = ByteBuffer.allocate(16 + options.length).order(ByteOrder.nativeOrder());
        body.putInt(MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1L).put(options).flip();
        return Block.of(TYPE, body);
    }
}
