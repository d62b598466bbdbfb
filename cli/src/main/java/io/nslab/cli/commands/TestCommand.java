package io.nslab.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.capture.BackgroundCapture;
import io.nslab.cli.capture.CaptureRun;
import io.nslab.cli.capture.TapCount;
import io.nslab.cli.print.Numbers;
import io.nslab.cli.check.CheckResult;
import io.nslab.cli.check.Checks;
import io.nslab.cli.render.JunitReport;
import io.nslab.cli.undo.LabDown;
import io.nslab.cli.up.LabUp;
import io.nslab.cli.node.NodeRunners;
import io.nslab.cli.launch.Root;
import io.nslab.cli.state.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Bring a lab up, run its checks, and take it down again.",
            "",
            "All in one go: the lab is removed even when a check fails or you press Ctrl-C. The checks wait for the lab to converge as nslab check does (each retried until it passes or its timeout ends). For graders and CI, --junit writes the results as JUnit XML."},
        footer = {"",
            "Examples:",
            "  # up, check, down",
            "  sudo nslab test labs/bridge.json",
            "  # and a JUnit report",
            "  sudo nslab test --junit report.xml labs/bridge.json",
            "  # and every packet, in caps/bridge.pcapng",
            "  sudo nslab test --capture caps labs/bridge.json",
            "",
            "Exit codes: 0 every check passed, 1 one failed, 2 bad lab file or lab already",
            "up, 3 not root or the kernel refused."})
public final class TestCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the lab file")
    Path file;

    @Option(names = "--on-host", description = "build the host side in this machine's network namespace (see nslab up --help)")
    boolean onHost;

    @Option(names = "--junit", paramLabel = "REPORT", description = "write the results as JUnit XML to REPORT")
    Path junit;

    @Mixin JsonOption json = new JsonOption();

    @Option(names = "--capture", paramLabel = "DIR", description = "capture every interface of the lab while its checks run, into DIR/LAB.pcapng")
    Path captureDir;

    private BackgroundCapture capture;

    private final Object downLock = new Object();
    private boolean downDone;

    @Override
    public Integer call() throws Exception {
        Root.require("test");
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch upFinished = new CountDownLatch(1);
        String[] labUp = new String[1];
        // Ctrl-C after up: take the lab down before the JVM exits (during up, up rolls itself back).
        Thread onSignal = new Thread(() -> {
            try {
                upFinished.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (labUp[0] != null) {
                stopCapture();
                downOnce(labUp[0]);
            }
        }, "nslab-test-interrupted");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            LabUp.Result up;
            try {
                up = new LabUp(NodeRunners.get()).up(file, onHost);
            } catch (NslabException e) {
                if (junit != null) Files.writeString(junit, JunitReport.of(file.getFileName().toString(), List.of(), e.getMessage()));
                throw e;
            }
            labUp[0] = up.plan().lab();
            Path captureFile = captureDir == null ? null : captureDir.resolve(up.plan().lab() + ".pcapng");
            List<CheckResult> results;
            List<TapCount> captured = null;
            try {
                if (captureFile != null) {
                    Files.createDirectories(captureDir);
                    capture = BackgroundCapture.start(up.plan(), captureFile, CaptureCommand.DEFAULT_SNAPLEN);
                }
                upFinished.countDown();
                if (!json.on()) out.println("lab " + up.plan().lab() + " is up in " + Numbers.seconds(up.millis()) + " s; checking");
                out.flush();
                results = Checks.run(up.plan(), StateDir.of(up.plan().lab()));
            } finally {
                captured = stopCapture();
                downOnce(up.plan().lab());
            }
            CheckCommand.print(out, up.plan().lab(), results, json.on());
            if (captured != null && !json.on()) out.println(CaptureRun.report(captured).replace("nslab capture: ", "capture: ") + ", in " + captureFile);
            if (!json.on()) out.println("lab " + up.plan().lab() + " is down");
            if (junit != null) Files.writeString(junit, JunitReport.of(up.plan().lab(), results, null));
            return results.stream().allMatch(CheckResult::passed) ? ExitCode.OK : ExitCode.CHECK_FAILED;
        } finally {
            upFinished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now and takes the lab down
            }
        }
    }

    private synchronized List<TapCount> stopCapture() {
        if (capture == null) return null;
        List<TapCount> counts = capture.stop();
        capture = null;
        return counts;
    }

    private void downOnce(String lab) {
        synchronized (downLock) {
            if (downDone) return;
            downDone = true;
            StateDir state = StateDir.of(lab);
            if (state.exists()) new LabDown(NodeRunners.get()).down(state);
        }
    }
}
