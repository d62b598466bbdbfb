package io.nslab.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nslab completion zsh} in a real interactive zsh, typed into on a pseudo-terminal
 * (zpty) as a user types: LINE, then TAB. The candidates are what compsys hands to compadd
 * (src/test/resources/zsh/). Both ways zsh finds the script: sourced from ~/.zshrc as
 * {@code nslab completion --help} says, and as the .deb installs it, a file {@code _nslab} in
 * a directory of {@code $fpath}, which compinit loads on the first TAB after nslab.
 */
class ZshCompletionTest {
    @TempDir Path dir;
    Path script;
    Path driver;

    enum Install { ZSHRC, FPATH }

    @BeforeEach
    void writeScripts() throws IOException {
        script = CompletionCommandTest.scriptWithTwoLabsUp(dir, "zsh");
        Path zsh = Files.createDirectories(dir.resolve("zsh"));
        for (String f : List.of("complete.zsh", "capture.zsh")) {
            try (InputStream in = getClass().getResourceAsStream("/zsh/" + f)) {
                Files.copy(in, zsh.resolve(f));
            }
        }
        driver = zsh.resolve("complete.zsh");
        Path home = Files.createDirectories(dir.resolve("home"));
        // as `nslab completion --help` says: nslab completion zsh > ~/.nslab.zsh; echo '. ~/.nslab.zsh' >> ~/.zshrc
        Files.copy(script, home.resolve(".nslab.zsh"));
        Files.writeString(home.resolve(".zshrc"), ". ~/.nslab.zsh\n");
        // as the .deb installs it: /usr/share/zsh/vendor-completions/_nslab, a directory of zsh's $fpath
        Files.copy(script, Files.createDirectories(dir.resolve("vendor-completions")).resolve("_nslab"));
    }

    /** What TAB offers after {@code line}, sorted; anything else zsh printed meanwhile fails the test. */
    private List<String> complete(Install install, String line) throws IOException, InterruptedException {
        List<String> zsh = switch (install) {
            case ZSHRC -> List.of("zsh -i", ":");
            case FPATH -> List.of("zsh -f -i", "fpath=(" + dir.resolve("vendor-completions") + " $fpath); autoload -U compinit; compinit -u");
        };
        ProcessBuilder pb = new ProcessBuilder("zsh", "-f", driver.toString(), zsh.get(0), zsh.get(1), line);
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("NSLAB_COMPLETION_STATE", dir.resolve("state").toString());
        pb.environment().put("NSLAB_COMPLETION_NETNS", dir.resolve("netns").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("zsh did not finish completing '" + line + "': " + out + err);
        }
        assertEquals(0, p.exitValue(), "the driver (3: no zpty, 4: zsh never became ready, 5: no completion ran): " + out + err);
        return Arrays.stream(out.split("\n")).filter(s -> !s.isEmpty()).sorted().toList();
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void aHalfTypedCommandCompletesToTheCommands(Install install) throws Exception {
        assertEquals(List.of("status"), complete(install, "nslab sta"));
        assertEquals(List.of("test", "top"), complete(install, "nslab t"));
        assertEquals(List.of("bash", "fish", "zsh"), complete(install, "nslab completion "));
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void aHalfTypedOptionCompletesToTheCommandsOptions(Install install) throws Exception {
        assertEquals(List.of("--json"), complete(install, "nslab up --js"));
        assertEquals(List.of("--lab"), complete(install, "nslab exec --la"));
        assertEquals(List.of("--all", "--all-users"), complete(install, "nslab down --a"));
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void labAndNodeNamesComeFromTheLabsThatAreUp(Install install) throws Exception {
        assertEquals(List.of("alpha", "beta"), complete(install, "nslab status "));
        assertEquals(List.of("beta"), complete(install, "nslab down b"));
        assertEquals(List.of("alpha", "beta"), complete(install, "nslab exec -l "));
        assertEquals(List.of("client", "db", "web"), complete(install, "nslab exec "));
        assertEquals(List.of("client", "web"), complete(install, "nslab exec -l alpha "));
        assertEquals(List.of("db"), complete(install, "nslab inspect --lab beta "));
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void interfacesComeFromThePlansOfTheLabsThatAreUp(Install install) throws Exception {
        assertEquals(List.of("web:eth0", "web:eth1"), complete(install, "nslab link -l alpha web:"));
        assertEquals(List.of("client:eth1", "client:eth2"), complete(install, "nslab capture -l alpha web client:"));
        assertEquals(List.of("down", "up"), complete(install, "nslab link web:eth0 "));
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void labFilesWhereACommandTakesOne(Install install) throws Exception {
        Files.writeString(dir.resolve("bridge.json"), "{}");
        Files.writeString(dir.resolve("bridge.yaml"), "");
        String prefix = dir.resolve("bri").toString();
        assertEquals(List.of(prefix.replace("bri", "bridge.json"), prefix.replace("bri", "bridge.yaml")),
                complete(install, "nslab validate " + prefix));
        assertTrue(complete(install, "nslab up " + prefix).contains(prefix.replace("bri", "bridge.json")));
    }
}
