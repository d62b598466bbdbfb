package io.nslab.cli.capture.pcapng;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An Interface Description Block (type 1), one per captured interface, numbered from 0 in the
 * order written: link type Ethernet, the snap length, if_name ("web:eth0": Wireshark shows it
 * as frame.interface_name), if_description, and if_tsresol 9 (timestamps in nanoseconds; the
 * default would be microseconds).
 */
public final class InterfaceDescription {
    static final int TYPE = 1;
    public static final int LINKTYPE_ETHERNET = 1;
    private static final int IF_NAME = 2, IF_DESCRIPTION = 3, IF_TSRESOL = 9;
    private static final int NANOSECONDS = 9;

    private InterfaceDescription() {}

    public static byte[] encode(String name, String description, int snaplen) {
        Options o = new Options().text(IF_NAME, name);
        if (description != null && !description.isEmpty()) o.text(IF_DESCRIPTION, description);
        byte[] options = o.u8(IF_TSRESOL, NANOSECONDS).encode();
        ByteBuffer body = ByteBuffer.allocate(8 + options.length).order(ByteOrder.nativeOrder());
        body.putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(snaplen).put(options).flip();
        return Block.of(TYPE, body);
    }
}
