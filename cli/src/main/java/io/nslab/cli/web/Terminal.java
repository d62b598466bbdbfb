package io.nslab.cli.web;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.nslab.core.InitBinary;
import io.nslab.core.ProcessStamp;
import io.nslab.sys.LibC;

/**
 * A shell in a node for one terminal of the page: {@code nslab-init exec -it INIT sh}, as
 * {@code nslab exec -it NODE sh} runs it, on a pseudo-terminal made here. A thread of its own
 * reads the terminal and hands what it reads to {@code output}, then calls {@code ended}.
 *
 * <p>The shell ends with the terminal: {@link #close} closes the master, and nslab-init, whose
 * stdin is the slave, sees it hang up and hangs up the shell's own terminal (SIGHUP). The
 * same happens when this JVM dies, however it dies: the kernel closes the master.
 */
final class Terminal {
    private static final int SIGWINCH = 28;
    private static final Duration KILL_AFTER = Duration.ofSeconds(5);

    private final Pty pty;
    private final Process process;

    private Terminal(Pty pty, Process process) {
        this.pty = pty;
        this.process = process;
    }

    static Terminal open(ProcessStamp init, int cols, int rows, Consumer<byte[]> output, Runnable ended) throws IOException {
        Pty pty = Pty.open(cols, rows);
        File slave = new File(pty.slavePath());
        ProcessBuilder builder = new ProcessBuilder(InitBinary.execCommand(init, List.of("sh"), Map.of(), true, true))
                .directory(new File("/"))
                .redirectInput(slave).redirectOutput(slave).redirectError(slave);
        builder.environment().put("TERM", "xterm-256color"); // what xterm.js is; nslab-init passes TERM on
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            pty.close();
            Threads.start("nslab-web-pty-close", pty::read); // closes the master
            throw e;
        }
        Terminal terminal = new Terminal(pty, process);
        Threads.start("nslab-web-terminal-" + process.pid(), () -> {
            for (byte[] bytes; (bytes = pty.read()) != null; ) output.accept(bytes);
            terminal.reap();
            ended.run();
        });
        return terminal;
    }

    void type(byte[] bytes) { pty.write(bytes); }

    void resize(int cols, int rows) {
        pty.resize(cols, rows);
        // nslab-init copies the size to the shell's terminal on SIGWINCH. Our child, not yet
        // reaped while isAlive() says so, so the PID is still its own.
        if (process.isAlive()) LibC.INSTANCE.kill((int) process.pid(), SIGWINCH);
    }

    /** Ends the shell: the terminal hangs up. */
    void close() { pty.close(); }

    /** Waits for nslab-init to follow the hang-up; one that does not is killed. */
    private void reap() {
        try {
            if (!process.waitFor(KILL_AFTER.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
