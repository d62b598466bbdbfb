package io.nslab.cli.commands;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.nslab.cli.outcome.ExitCode;
import io.nslab.cli.outcome.NslabException;
import io.nslab.cli.launch.Root;
import io.nslab.cli.state.Labs;
import io.nslab.cli.web.WebProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "web", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Serve a live page of the labs that are up, on 127.0.0.1.",
            "",
            "The page draws the lab with each link's traffic (bits and packets per second, drops) updated every second, node state, published ports and services, and lists every node, bridge and link as text (a filter finds them). A click on a node opens a terminal in it (a root shell, as `nslab exec -it NODE sh`); buttons run the lab's checks and pingall. Labs brought up or down while the page is open come and go in its lab picker. The printed URL holds a random token: without it the server answers 403. It serves until Ctrl-C; then every shell it opened ends.",
            "",
            "From another machine, tunnel to it: ssh -L 8800:127.0.0.1:8800 HOST."},
        footer = {"",
            "Examples:",
            "  # print the URL, serve until Ctrl-C",
            "  sudo nslab web",
            "  # show lab bridge first, on port 8800, until Ctrl-C",
            "  sudo nslab web bridge --port 8800",
            "  # also open it in a browser (xdg-open), until Ctrl-C",
            "  sudo nslab web --open",
            "",
            "Exit codes: 0 stopped, 2 no such lab, 3 the port is taken or not root."})
public final class WebCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LAB", arity = "0..1", description = "the lab the page shows first (default: the first lab that is up)")
    String lab;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "the port on 127.0.0.1 (default: any free port)")
    int port;

    @Option(names = "--open", description = "open the page in a browser (xdg-open)")
    boolean open;

    @Override
    public Integer call() throws InterruptedException {
        Root.require("web");
        if (port < 0 || port > 65535) throw NslabException.badInput("nslab web: --port must be 0 to 65535");
        if (lab != null) Labs.resolve(lab); // a clear error now rather than an empty page
        WebProcess server = WebProcess.start(port, lab);
        // Ctrl-C or SIGTERM ends this JVM; the server's stdin closes and it ends too.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "nslab-web-stop"));
        var out = spec.commandLine().getOut();
        out.println("nslab web: serving on " + server.url());
        out.println("  (127.0.0.1 only; the token is the key: every terminal is a root shell. Ctrl-C stops it.)");
        out.flush();
        if (open) openBrowser(server.url());
        int code = server.waitFor();
        return code == 0 || code == 130 || code == 143 ? ExitCode.OK : ExitCode.SYSTEM;
    }

    /** xdg-open, as the user who ran sudo when there is one (browsers refuse to run as root). */
    private void openBrowser(String url) {
        List<String> cmd = new ArrayList<>();
        String user = System.getenv("SUDO_USER");
        if (user != null && !user.isEmpty() && !user.equals("root") && new File("/usr/sbin/runuser").canExecute()) {
            cmd.addAll(List.of("/usr/sbin/runuser", "-u", user, "--"));
        }
        cmd.addAll(List.of("xdg-open", url));
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            spec.commandLine().getErr().println("nslab web: cannot open a browser (" + e.getMessage() + "): open the URL above");
        }
    }
}
