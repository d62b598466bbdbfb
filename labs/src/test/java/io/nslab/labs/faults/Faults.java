package io.nslab.labs.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.nslab.cli.up.FaultSeam;
import io.nslab.cli.up.StepFailure;
import io.nslab.netlink.socket.SendSeam;
import io.nslab.sys.Sys;

/**
 * The faults the reliability tests inject into {@code up}, through nslab's two test seams
 * ({@link FaultSeam} at the steps, {@link SendSeam} at each netlink send). Test code only: the
 * release jar has the seams and nothing that fills them. A spec is a comma-separated list of:
 * <ul>
 *   <li>{@code fail:K}: step K is journaled, then fails instead of running;</li>
 *   <li>{@code kill:K}: SIGKILL just before step K, steps 1..K-1 done (K = steps + 1: all is up);</li>
 *   <li>{@code stall:K} or {@code stall:K:FILE}: wait before step K until {@code up} is
 *       interrupted, or FILE exists, or a minute passed; says so on stderr first;</li>
 *   <li>{@code killstarted:K}: SIGKILL once step K's node init has started, before it is journaled;</li>
 *   <li>{@code failmsg:N}: the kernel refuses the Nth netlink message {@code up} sends (its type
 *       made unknown in place: batches are sent as ever, the others in its batch still run);</li>
 *   <li>{@code killmsg:N}: SIGKILL right after the send that carried the Nth message;</li>
 *   <li>{@code count:FILE}: after each send, a line with the number of messages sent so far,
 *       appended to FILE (one line per send: the kill points that differ).</li>
 * </ul>
 * Installed in nslab's own JVM by {@link FaultsAgent} (a Java agent), or in a test's by
 * {@link #install}.
 */
public final class Faults implements FaultSeam.Hook, SendSeam.Hook {
    /** What an unknown message type looks like to rtnetlink (above RTM_MAX) and nfnetlink (no such subsystem). */
    private static final short UNKNOWN_TYPE = (short) 0xfff0;

    private record Fault(String kind, int n, String file) {}

    private final List<Fault> faults = new ArrayList<>();
    private int messages;
    private boolean killAfterSend;
    private Path countFile;

    private Faults(String spec) {
        for (String part : spec.split(",")) {
            String[] f = part.trim().split(":", 3);
            if (f.length < 2) throw new IllegalArgumentException("fault " + part + ": KIND:N");
            if (f[0].equals("count")) {
                countFile = Path.of(f[1] + (f.length > 2 ? ":" + f[2] : ""));
                continue;
            }
            if (!List.of("fail", "kill", "stall", "killstarted", "failmsg", "killmsg").contains(f[0])) {
                throw new IllegalArgumentException("unknown fault " + part);
            }
            faults.add(new Fault(f[0], Integer.parseInt(f[1]), f.length > 2 ? f[2] : null));
        }
    }

    /** Installs SPEC's faults in this JVM (both seams); null or blank uninstalls. */
    public static void install(String spec) {
        if (spec == null || spec.isBlank()) {
            FaultSeam.install(null);
            SendSeam.install(null);
            return;
        }
        Faults f = new Faults(spec);
        FaultSeam.install(f);
        SendSeam.install(f);
    }

    @Override
    public void at(FaultSeam.Point point, int step, BooleanSupplier cancelled) {
        for (Fault f : faults) {
            if (f.n() != step) continue;
            switch (point) {
                case BEFORE_STEP -> {
                    if (f.kind().equals("kill")) killSelf();
                    if (f.kind().equals("stall")) stall(step, f.file(), cancelled);
                }
                case JOURNALED -> {
                    if (f.kind().equals("fail")) throw new StepFailure(step, "fault fail:" + step + " (test only)");
                }
                case NODE_STARTED -> {
                    if (f.kind().equals("killstarted")) killSelf();
                }
            }
        }
    }

    @Override
    public synchronized void beforeSend(ByteBuffer buffer, int length) {
        ByteBuffer b = buffer.duplicate().order(ByteOrder.nativeOrder());
        for (int at = 0; at + 16 <= length; ) {
            int size = b.getInt(at);
            messages++;
            for (Fault f : faults) {
                if (f.n() != messages) continue;
                if (f.kind().equals("failmsg")) b.putShort(at + 4, UNKNOWN_TYPE);
                if (f.kind().equals("killmsg")) killAfterSend = true;
            }
            if (size < 16) break;
            at += (size + 3) & ~3;
        }
    }

    @Override
    public synchronized void afterSend() {
        if (countFile != null) {
            try {
                Files.writeString(countFile, messages + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (killAfterSend) killSelf();
    }

    private static void killSelf() {
        Sys.C.kill(Sys.C.getpid(), 9); // SIGKILL cannot be caught: nothing after this runs
    }

    private static void stall(int step, String file, BooleanSupplier cancelled) {
        System.err.println("nslab: stalled before step " + step + " (test fault)");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!cancelled.getAsBoolean() && System.nanoTime() < deadline && (file == null || !Files.exists(Path.of(file)))) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
