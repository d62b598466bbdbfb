package io.nslab.netlink.socket;

import static io.nslab.netlink.msg.Netlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.nslab.netlink.msg.Attributes;
import io.nslab.netlink.msg.Message;
import io.nslab.netlink.msg.MessageBuilder;
import io.nslab.sys.Errno;
import io.nslab.sys.Sys;
import io.nslab.sys.SysException;

/**
 * A netlink socket to the kernel: it numbers requests, checks that each reply comes from
 * the kernel to this port with a sequence number it sent, waits for ACKs, reads multipart
 * dumps to their end (retrying a dump the kernel marks interrupted), and turns errors into
 * {@link SysException}s that carry the kernel's extended-ACK text.
 *
 * <p>The socket lives in the network namespace of the thread that opened it and may be used
 * from any thread afterwards, but by one thread at a time (methods are synchronized).
 *
 * <p>Batching: {@link #executeAll} writes many requests into one sendmsg. The kernel handles a
 * netlink send synchronously, in order, so their ACKs are already queued when send returns.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16, SOCK_RAW = 3, SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_SNDBUFFORCE = 32, SO_RCVBUFFORCE = 33;
    private static final int SOL_NETLINK = 270, NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11, NETLINK_GET_STRICT_CHK = 12;
    private static final int MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;
    private static final int POLLIN = 1;
    /**
     * One datagram: the kernel caps a dump's at 32 KB (and an ACK is small), and says so when one
     * is larger, so a reply is never silently cut. Allocated per socket on first use: a lab opens
     * a socket in each of hundreds of namespaces, and zeroing a megabyte for each was most of
     * the time it took to open them.
     */
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Room for one batch: the requests of one send and the ACKs they queue must both fit the socket's buffers. */
    private static final int MAX_BATCH_BYTES = 256 * 1024, MAX_BATCH_MESSAGES = 1024;
    private static final int DUMP_RETRIES = 10;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final int fd;
    private final int protocol;
    private final int portId;
    /** Grows to the largest batch sent so far (at most MAX_BATCH_BYTES plus one message). */
    private ByteBuffer sendBuf = ByteBuffer.allocateDirect(0);
    private ByteBuffer recvBuf;
    private final ByteBuffer fromAddr = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
    private final ByteBuffer fromLength = Sys.intBuffer(12);
    private int seq = ThreadLocalRandom.current().nextInt(1, 1 << 30);
    private boolean closed;

    private NetlinkSocket(int fd, int protocol, int portId) {
        this.fd = fd;
        this.protocol = protocol;
        this.portId = portId;
    }

    /** Opens a socket of this protocol in the calling thread's network namespace. */
    public static NetlinkSocket open(int protocol) {
        int fd = Sys.check(Sys.C.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol), "open netlink socket");
        try {
            // Room for the ACKs of a whole batch; FORCE needs CAP_NET_ADMIN, the plain option is capped by rmem_max.
            if (setInt(fd, SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20) < 0) setInt(fd, SOL_SOCKET, SO_RCVBUF, 4 << 20);
            if (setInt(fd, SOL_SOCKET, SO_SNDBUFFORCE, 1 << 20) < 0) setInt(fd, SOL_SOCKET, SO_SNDBUF, 1 << 20);
            // Error ACKs carry only the failed request's header, not its whole body...
            setInt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
            // ...but do carry the kernel's explanation ("Invalid prefix for given prefix length").
            setInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
            // Dump requests are checked strictly, so a filter the kernel does not know is an error, not ignored.
            setInt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
            ByteBuffer addr = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
            addr.putShort(0, (short) AF_NETLINK); // port 0: the kernel picks a unique port id
            Sys.check(Sys.C.bind(fd, addr, 12), "bind netlink socket");
            Sys.check(Sys.C.getsockname(fd, addr, Sys.intBuffer(12)), "getsockname netlink socket");
            return new NetlinkSocket(fd, protocol, addr.getInt(4));
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
    }

    private static int setInt(int fd, int level, int option, int value) {
        ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, value);
        return Sys.C.setsockopt(fd, level, option, v, 4);
    }

    public int portId() { return portId; }

    public int protocol() { return protocol; }

    /** Sends one request and waits for its ACK. */
    public void execute(Request request) {
        executeAll(List.of(request));
    }

    /**
     * Sends the requests, as few sends as the socket buffers allow, and waits for every ACK.
     * Requests are not atomic: those before a failed one took effect. Throws the first failure
     * (in request order), with later failures attached as suppressed exceptions.
     */
    public synchronized void executeAll(List<Request> requests) {
        List<SysException> failures = new ArrayList<>();
        int from = 0;
        while (from < requests.size()) {
            int to = from, bytes = 0;
            while (to < requests.size() && to - from < MAX_BATCH_MESSAGES
                    && (to == from || bytes + align(requests.get(to).message().length()) <= MAX_BATCH_BYTES)) {
                bytes += align(requests.get(to).message().length());
                to++;
            }
            failures.addAll(sendAndAck(requests.subList(from, to), null, null));
            from = to;
        }
        throwFirst(failures);
    }

    /**
     * Sends the requests in exactly one send, framed by {@code begin} and {@code end} (which
     * get no ACK), as nfnetlink batches must be: the kernel applies all of them or none.
     */
    public synchronized void transaction(MessageBuilder begin, List<Request> requests, MessageBuilder end) {
        throwFirst(sendAndAck(requests, begin, end));
    }

    /** Sends a GET request with NLM_F_DUMP and returns every reply up to NLMSG_DONE. */
    public synchronized List<Message> dump(MessageBuilder request, String what) {
        request.addFlags(NLM_F_REQUEST | NLM_F_DUMP);
        for (int attempt = 0; ; attempt++) {
            int mySeq = nextSeq();
            send(List.of(request), List.of(mySeq), null, null, what);
            List<Message> replies = new ArrayList<>();
            boolean interrupted = false;
            while (true) {
                for (Message m : receive(true, what)) {
                    if (!mine(m, mySeq)) continue;
                    if (m.hasFlag(NLM_F_DUMP_INTR)) interrupted = true;
                    if (m.type() == NLMSG_DONE) {
                        if (!interrupted) return replies;
                        if (attempt + 1 >= DUMP_RETRIES) throw new SysException(what + ": dump kept being interrupted", Errno.EINTR);
                        replies = null;
                        break;
                    }
                    if (m.type() == NLMSG_ERROR) {
                        SysException e = error(m, what);
                        if (e != null) throw e;
                        continue;
                    }
                    replies.add(m);
                }
                if (replies == null) break;
            }
        }
    }

    /** Sends one GET request (no dump) and returns its single reply. */
    public synchronized Message get(MessageBuilder request, String what) {
        request.addFlags(NLM_F_REQUEST);
        int mySeq = nextSeq();
        send(List.of(request), List.of(mySeq), null, null, what);
        while (true) {
            for (Message m : receive(true, what)) {
                if (!mine(m, mySeq)) continue;
                if (m.type() == NLMSG_ERROR) {
                    SysException e = error(m, what);
                    if (e != null) throw e;
                    continue;
                }
                return m;
            }
        }
    }

    private List<SysException> sendAndAck(List<Request> requests, MessageBuilder begin, MessageBuilder end) {
        if (requests.isEmpty()) return List.of();
        List<Integer> seqs = new ArrayList<>();
        Map<Integer, Integer> pending = new HashMap<>();
        List<MessageBuilder> messages = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int s = nextSeq();
            seqs.add(s);
            pending.put(s, i);
            messages.add(requests.get(i).message().addFlags(NLM_F_REQUEST | NLM_F_ACK));
        }
        send(messages, seqs, begin, end, requests.get(0).what());
        SysException[] failed = new SysException[requests.size()];
        boolean anyFailed = false;
        while (!pending.isEmpty()) {
            // A failed nfnetlink batch is aborted as a whole, and the kernel then sends no ACK for
            // the requests it did not get to: once a failure is in and the queue is empty, stop.
            List<Message> messagesIn = receive(!anyFailed, requests.get(0).what());
            if (messagesIn == null) break;
            for (Message m : messagesIn) {
                if (m.type() != NLMSG_ERROR || m.portId() != portId) continue;
                Integer index = pending.remove(m.seq());
                if (index == null) continue;
                Request request = requests.get(index);
                SysException e = error(m, request.what());
                if (e != null && e.errno() != request.toleratedErrno()) {
                    failed[index] = e;
                    anyFailed = true;
                }
            }
        }
        List<SysException> out = new ArrayList<>();
        for (SysException e : failed) if (e != null) out.add(e);
        return out;
    }

    private void send(List<MessageBuilder> messages, List<Integer> seqs, MessageBuilder begin, MessageBuilder end, String what) {
        int needed = (begin == null ? 0 : align(begin.length())) + (end == null ? 0 : align(end.length()));
        for (MessageBuilder m : messages) needed += align(m.length());
        if (sendBuf.capacity() < needed) {
            sendBuf = ByteBuffer.allocateDirect(Math.min(Math.max(needed, 2 * sendBuf.capacity()), MAX_BATCH_BYTES + 65536))
                    .order(ByteOrder.nativeOrder());
        }
        sendBuf.clear();
        if (begin != null) put(begin, nextSeq());
        for (int i = 0; i < messages.size(); i++) put(messages.get(i), seqs.get(i));
        if (end != null) put(end, nextSeq());
        int length = sendBuf.position();
        sendBuf.flip();
        ByteBuffer kernel = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder()).putShort(0, (short) AF_NETLINK);
        while (true) {
            long sent = Sys.C.sendto(fd, sendBuf, length, 0, kernel, 12);
            if (sent >= 0) return;
            int errno = Sys.errno();
            if (errno != Errno.EINTR) throw new SysException(what + ": send", errno);
        }
    }

    private void put(MessageBuilder message, int seq) {
        if (sendBuf.remaining() < message.length()) {
            throw new SysException("netlink batch of " + sendBuf.capacity() + " bytes is full", Errno.ENOSPC);
        }
        message.writeTo(sendBuf, seq);
        sendBuf.position(align(sendBuf.position()));
    }

    /**
     * Receives what one recv returns. Blocking waits at most TIMEOUT_MILLIS; non-blocking
     * returns null when nothing is queued.
     */
    private List<Message> receive(boolean block, String what) {
        while (true) {
            if (block) waitReadable(what);
            if (recvBuf == null) recvBuf = ByteBuffer.allocateDirect(BUFFER_SIZE).order(ByteOrder.nativeOrder());
            recvBuf.clear();
            fromAddr.clear();
            fromLength.putInt(0, 12);
            long n = Sys.C.recvfrom(fd, recvBuf, recvBuf.capacity(), MSG_TRUNC | MSG_DONTWAIT, fromAddr, fromLength);
            if (n < 0) {
                int errno = Sys.errno();
                if (errno == Errno.EINTR) continue;
                if (errno == Errno.EAGAIN) {
                    if (block) continue;
                    return null;
                }
                // ENOBUFS: the kernel dropped replies because the receive buffer overflowed.
                throw new SysException(what + ": receive", errno);
            }
            if (n > recvBuf.capacity()) throw new SysException(what + ": reply of " + n + " bytes truncated", Errno.EMSGSIZE);
            if (fromAddr.getInt(4) != 0) continue; // not from the kernel: never trust it
            recvBuf.limit((int) n);
            return Message.parseAll(recvBuf);
        }
    }

    private void waitReadable(String what) {
        ByteBuffer pfd = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        pfd.putInt(0, fd).putShort(4, (short) POLLIN);
        while (true) {
            int r = Sys.C.poll(pfd, 1, TIMEOUT_MILLIS);
            if (r > 0) return;
            if (r == 0) throw new SysException(what + ": no answer from the kernel in " + TIMEOUT_MILLIS / 1000 + "s", Errno.ETIMEDOUT);
            int errno = Sys.errno();
            if (errno != Errno.EINTR) throw new SysException(what + ": poll", errno);
        }
    }

    private boolean mine(Message m, int mySeq) {
        return m.seq() == mySeq && m.portId() == portId;
    }

    /** The error an NLMSG_ERROR carries, or null for an ACK (error 0). */
    static SysException error(Message m, String what) {
        ByteBuffer body = m.body();
        int error = body.getInt(0);
        if (error == 0) return null;
        String kernelMessage = null;
        if (m.hasFlag(NLM_F_ACK_TLVS)) {
            int requestLength = body.getInt(4);
            int tlvStart = 4 + (m.hasFlag(NLM_F_CAPPED) ? NLMSG_HDRLEN : align(requestLength));
            if (tlvStart <= body.limit()) {
                body.position(tlvStart);
                kernelMessage = Attributes.parse(body.slice()).string(NLMSGERR_ATTR_MSG);
            }
        }
        return new SysException(what, -error, kernelMessage);
    }

    private static void throwFirst(List<SysException> failures) {
        if (failures.isEmpty()) return;
        SysException first = failures.get(0);
        for (int i = 1; i < failures.size(); i++) first.addSuppressed(failures.get(i));
        throw first;
    }

    private int nextSeq() {
        seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
        return seq;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Sys.close(fd);
        }
    }
}
