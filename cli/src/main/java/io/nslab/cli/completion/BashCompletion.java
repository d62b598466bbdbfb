package io.nslab.cli.completion;

import java.util.List;

import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The bash completion script of nslab: picocli's, made from the real command tree (every
 * subcommand, option and file parameter), with the names of running labs and of their nodes
 * added where a command takes a LAB or a NODE. Those come from what any user may list without
 * running nslab: the labs' state directories ({@code /run/nslab/LAB}) and the nodes' network
 * namespaces ({@code /run/netns/LAB-NODE}), so a TAB costs no JVM.
 */
public final class BashCompletion {
    /** Commands whose first positional parameter is a running lab's name. */
    static final List<String> LAB_FIRST = List.of("status", "check", "pingall", "top", "web", "down");
    /** Commands whose first positional parameter is a node of a running lab. */
    static final List<String> NODE_FIRST = List.of("exec", "inspect");

    private BashCompletion() {}

    public static String script(CommandLine nslab) {
        String script = AutoComplete.bash("nslab", nslab);
        // bash's &> as two redirections: zsh, loading the script as the function _nslab (from
        // $fpath), read "type compopt &" and then ran compopt, which it lacks, on every TAB.
        script = script.replace("type compopt &>/dev/null && ", "type compopt >/dev/null 2>&1 && ");
        // -l/--lab LAB: picocli completes nothing for an option's value without candidates.
        script = replace(script, "    '-l'|'--lab')\n      return\n",
                "    '-l'|'--lab')\n      COMPREPLY=( $(compgen -W \"$(_nslab_labs)\" -- \"${curr_word}\") )\n      return\n", 4);
        for (String c : LAB_FIRST) script = firstPositional(script, c, "_nslab_labs");
        for (String c : NODE_FIRST) script = firstPositional(script, c, "_nslab_nodes");
        int register = script.lastIndexOf("\ncomplete -F _complete_nslab");
        if (register < 0) throw new IllegalStateException("picocli's script has changed: no complete -F line");
        return script.substring(0, register + 1) + HELPERS + script.substring(register + 1);
    }

    /** In {@code command}'s function, the running labs' (or nodes') names as its first positional's candidates. */
    private static String firstPositional(String script, String command, String names) {
        String fn = "function _picocli_nslab_" + command + "() {";
        int start = script.indexOf(fn);
        int end = script.indexOf("\n}\n", start);
        if (start < 0 || end < 0) throw new IllegalStateException("picocli's script has changed: no " + fn);
        String body = script.substring(start, end);
        String positionals = "    local positionals=\"\"\n";
        if (!body.contains(positionals)) throw new IllegalStateException("picocli's script has changed: " + fn + " has no positionals");
        body = body.replace(positionals, positionals
                + "    if (( $(currentPositionalIndex \"" + command + "\" \"${arg_opts}\" \"${flag_opts}\") == 0 )); then\n"
                + "      positionals=$(" + names + ")\n"
                + "    fi\n");
        return script.substring(0, start) + body + script.substring(end);
    }

    private static String replace(String script, String from, String to, int atLeast) {
        int n = script.split(java.util.regex.Pattern.quote(from), -1).length - 1;
        if (n < atLeast) throw new IllegalStateException("picocli's script has changed: " + n + " places for -l/--lab");
        return script.replace(from, to);
    }

    /** Where the names come from; the variables move them (the completion test). */
    static final String HELPERS = """
            # nslab: the names of the labs that are up (their state directories).
            _nslab_labs() {
              local d
              for d in "${NSLAB_COMPLETION_STATE:-/run/nslab}"/*/; do
                [[ -d $d ]] || continue
                d=${d%/}
                echo "${d##*/}"
              done
            }

            # nslab: the nodes of the labs that are up, or of the one named by -l/--lab (a node's
            # network namespace is LAB-NODE; the lab's own host side is LAB).
            _nslab_nodes() {
              local lab="" labs l ns i
              for ((i = 1; i < COMP_CWORD; i++)); do
                case ${COMP_WORDS[i]} in
                  -l|--lab) lab=${COMP_WORDS[i+1]} ;;
                  --lab=*) lab=${COMP_WORDS[i]#--lab=} ;;
                esac
              done
              if [[ -n $lab ]]; then labs=$lab; else labs=$(_nslab_labs); fi
              for l in $labs; do
                for ns in "${NSLAB_COMPLETION_NETNS:-/run/netns}/$l"-*; do
                  [[ -e $ns ]] || continue
                  ns=${ns##*/}
                  echo "${ns#"$l"-}"
                done
              done
            }

            """;
}
