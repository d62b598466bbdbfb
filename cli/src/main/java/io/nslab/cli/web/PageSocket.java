package io.nslab.cli.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.nslab.cli.probe.PingMatrix;
import io.nslab.cli.probe.Pingall;
import io.nslab.cli.render.PingMatrixView;
import io.nslab.cli.check.CheckResult;
import io.nslab.cli.check.Checks;
import io.nslab.cli.impair.ImpairState;
import io.nslab.cli.impair.LinkEnds;
import io.nslab.cli.link.LiveLink;
import io.nslab.cli.state.StateDir;
import io.nslab.cli.state.RunningLab;
import io.nslab.cli.probe.PingTargets;
import io.nslab.core.ProcessStamp;
import io.nslab.topology.plan.Plan;

/**
 * One open page's WebSocket. The page asks, in JSON text frames: {@code watch} a lab (it
 * gets the lab's topology, unless it has that {@code version} already, then its counters
 * each second), run its {@code check}s or
 * {@code pingall}, {@code open} a terminal on a node, type into it ({@code input}),
 * {@code resize} or {@code close} it. Terminal output comes back in binary frames: 4 bytes
 * of terminal number, then the bytes. When the socket closes, every shell it opened ends.
 */
@ChannelHandler.Sharable
final class PageSocket extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private static final ExecutorService WORK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nslab-web-work");
        t.setDaemon(true);
        return t;
    });
    private static final int MAX_TERMINALS = 32;

    private final Hub hub;
    private final Map<Channel, Session> sessions = new ConcurrentHashMap<>();

    PageSocket(Hub hub) { this.hub = hub; }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            Session s = new Session(ctx.channel());
            sessions.put(ctx.channel(), s);
            hub.join(s);
            s.send(hub.labsMessage());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Session s = sessions.remove(ctx.channel());
        if (s != null) {
            hub.leave(s);
            s.closeTerminals();
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
        Session s = sessions.get(ctx.channel());
        if (s == null) return;
        JsonNode msg = LabPage.JSON.readTree(frame.text());
        s.handle(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** One page: the lab it shows and the terminals it has open. */
    final class Session {
        private final Channel channel;
        private final Map<Integer, Terminal> terminals = new ConcurrentHashMap<>();
        private volatile String lab;

        Session(Channel channel) { this.channel = channel; }

        String lab() { return lab; }

        void send(JsonNode msg) {
            if (channel.isActive()) channel.writeAndFlush(new TextWebSocketFrame(msg.toString()));
        }

        private void error(String text) {
            send(LabPage.JSON.createObjectNode().put("type", "error").put("text", text));
        }

        void handle(JsonNode msg) {
            String op = msg.path("op").asText();
            int term = msg.path("term").asInt(-1);
            switch (op) {
                case "watch" -> {
                    String wanted = msg.path("lab").asText(null), known = msg.path("version").asText(null);
                    lab = wanted;
                    WORK.execute(() -> {
                        try {
                            LabPage page = hub.page(wanted);
                            if (!page.version().equals(known)) send(page.json()); // not when the page came with it
                        } catch (Exception e) {
                            error("cannot read lab " + wanted + ": " + e.getMessage());
                        }
                    });
                }
                case "link_state" -> WORK.execute(() -> changeLink(msg.path("endpoint").asText(), (live, ends) -> {
                    boolean up = msg.path("up").asBoolean();
                    live.setState(ends, up);
                    return ends.label() + ": link " + (up ? "up" : "down") + " (both ends)";
                }));
                case "impair" -> WORK.execute(() -> changeLink(msg.path("endpoint").asText(), (live, ends) -> {
                    LiveLink.Change change = LiveLink.Change.parse(text(msg, "rate"), text(msg, "delay"), text(msg, "jitter"),
                            text(msg, "loss"), msg.path("clear").asBoolean());
                    String direction = msg.path("direction").asText("both");
                    List<ImpairState.Row> rows = live.impair(ends, change, !direction.equals("in"), !direction.equals("out"));
                    return String.join("; ", rows.stream().map(r -> r.endpoint() + " " + r.direction() + ": " + r.impairment().describe()).toList());
                }));
                case "check" -> WORK.execute(this::runChecks);
                case "pingall" -> WORK.execute(this::runPingall);
                case "open" -> WORK.execute(() -> open(term, msg.path("node").asText(), msg.path("cols").asInt(80), msg.path("rows").asInt(24)));
                case "input" -> {
                    Terminal t = terminals.get(term);
                    if (t != null) t.type(msg.path("data").asText().getBytes(StandardCharsets.UTF_8));
                }
                case "resize" -> {
                    Terminal t = terminals.get(term);
                    if (t != null) t.resize(msg.path("cols").asInt(80), msg.path("rows").asInt(24));
                }
                case "close" -> {
                    Terminal t = terminals.remove(term);
                    if (t != null) t.close();
                }
                default -> error("unknown request " + op);
            }
        }

        /** A change to a link of the shown lab, as {@code nslab link} makes it; the page hears what is now in force. */
        private void changeLink(String endpoint, BiFunction<LiveLink, LinkEnds, String> change) {
            String shown = lab;
            try {
                String done = LiveLink.locked(StateDir.of(shown), endpoint, change);
                send(LabPage.JSON.createObjectNode().put("type", "link").put("lab", shown).put("text", done));
            } catch (Exception e) {
                error(endpoint + ": " + e.getMessage());
            }
        }

        private static String text(JsonNode msg, String field) {
            JsonNode v = msg.get(field);
            return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
        }

        private void runChecks() {
            String shown = lab;
            try {
                RunningLab running = hub.page(shown).running();
                List<CheckResult> results = Checks.run(running.plan(), running.state());
                ObjectNode msg = LabPage.JSON.createObjectNode().put("type", "checks").put("lab", shown);
                var list = msg.putArray("results");
                for (CheckResult r : results) {
                    list.addObject().put("index", r.check().index()).put("passed", r.passed()).put("elapsed_ms", r.millis())
                            .put("text", r.check().describe()).put("detail", r.detail());
                }
                send(msg);
            } catch (Exception e) {
                error("checks of " + shown + ": " + e.getMessage());
            }
        }

        private void runPingall() {
            String shown = lab;
            try {
                Plan plan = hub.page(shown).running().plan();
                PingTargets targets = PingTargets.of(plan);
                long start = System.nanoTime();
                PingMatrix matrix = Pingall.run(targets.sources(), targets.addresses(), Duration.ofSeconds(2), targets);
                String json = PingMatrixView.json(shown, matrix, targets.addresses(), Duration.ofNanos(System.nanoTime() - start));
                ObjectNode msg = LabPage.JSON.createObjectNode().put("type", "pingall").put("lab", shown);
                msg.set("matrix", LabPage.JSON.readTree(json));
                send(msg);
            } catch (Exception e) {
                error("pingall of " + shown + ": " + e.getMessage());
            }
        }

        private void open(int term, String node, int cols, int rows) {
            try {
                if (terminals.size() >= MAX_TERMINALS) throw new IllegalStateException("at most " + MAX_TERMINALS + " terminals per page");
                if (terminals.containsKey(term)) throw new IllegalStateException("terminal " + term + " is open");
                ProcessStamp init = RunningLab.inits(hub.page(lab).running().state()).get(node);
                if (init == null || !init.alive()) throw new IllegalStateException("node " + node + " is not running");
                Terminal t = Terminal.open(init, cols, rows, bytes -> output(term, bytes), () -> ended(term));
                terminals.put(term, t);
                if (!channel.isActive()) closeTerminals(); // the page went while the shell started
            } catch (Exception e) {
                send(LabPage.JSON.createObjectNode().put("type", "ended").put("term", term).put("why", String.valueOf(e.getMessage())));
            }
        }

        private void output(int term, byte[] bytes) {
            if (!channel.isActive()) return;
            channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.buffer(4 + bytes.length).writeInt(term).writeBytes(bytes)));
        }

        private void ended(int term) {
            terminals.remove(term);
            send(LabPage.JSON.createObjectNode().put("type", "ended").put("term", term));
        }

        void closeTerminals() {
            terminals.values().forEach(Terminal::close);
            terminals.clear();
        }
    }
}
