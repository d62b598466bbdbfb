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
    static final List<String> NODE_FIRST = List.of("exec", "inspect", "logs");
    /** Commands whose positional parameters are interfaces of a running lab (NODE:IF, host:IF; capture's also nodes and bridges). */
    static final List<String> TARGETS = List.of("capture", "link");

    private BashCompletion() {}

    public static String script(CommandLine nslab) {
        String script = AutoComplete.bash("nslab", nslab);
        // -l/--lab LAB: picocli completes nothing for an option's value without candidates.
        script = replace(script, "    '-l'|'--lab')\n      return\n",
                "    '-l'|'--lab')\n      COMPREPLY=( $(compgen -W \"$(_nslab_labs)\" -- \"${curr_word}\") )\n      return\n", 4);
        for (String c : LAB_FIRST) script = firstPositional(script, c, "_nslab_labs");
        for (String c : NODE_FIRST) script = firstPositional(script, c, "_nslab_nodes");
        for (String c : TARGETS) script = targets(script, c);
        script = dispatchOnTheCommandWord(script);
        int register = script.lastIndexOf("\ncomplete -F _complete_nslab");
        if (register < 0) throw new IllegalStateException("picocli's script has changed: no complete -F line");
        return script.substring(0, register + 1) + HELPERS + script.substring(register + 1);
    }

    /**
     * The command is the first word after nslab that is not an option (nslab's own take no
     * value). picocli's script looks for each command's name anywhere on the line, so that in
     * {@code nslab capture web:eth0 web} or {@code nslab exec -l lab web} the node web was
     * taken for {@code nslab web}.
     */
    private static String dispatchOnTheCommandWord(String script) {
        String anchor = "  # Find the longest sequence of subcommands and call the bash function for that subcommand.\n";
        if (!script.contains(anchor)) throw new IllegalStateException("picocli's script has changed: no dispatch in _complete_nslab");
        return script.replace(anchor, """
                  # nslab: the command is the first word after nslab that is not an option.
                  local _nslab_word
                  for _nslab_word in "${COMP_WORDS[@]:1:$((COMP_CWORD - 1))}"; do
                    [[ $_nslab_word == -* ]] && continue
                    if type "_picocli_nslab_$_nslab_word" >/dev/null 2>&1; then "_picocli_nslab_$_nslab_word"; return $?; fi
                    break
                  done

                """ + anchor);
    }

    /** In {@code command}'s function, the running labs' (or nodes') names as its first positional's candidates. */
    private static String firstPositional(String script, String command, String names) {
        String positionals = "    local positionals=\"\"\n";
        return inFunction(script, command, positionals, positionals
                + "    if (( $(currentPositionalIndex \"" + command + "\" \"${arg_opts}\" \"${flag_opts}\") == 0 )); then\n"
                + "      positionals=$(" + names + ")\n"
                + "    fi\n");
    }

    /**
     * In {@code command}'s function, its targets (NODE:IF...) as candidates of its positional
     * parameters, by {@code _nslab_targets}: bash splits "web:eth0" into three words at the
     * colon, which picocli's count of positional parameters would take for three.
     */
    private static String targets(String script, String command) {
        String words = "  if [[ \"${curr_word}\" == -* ]]; then\n";
        return inFunction(script, command, words,
                "  if [[ \"${curr_word}\" != -* ]] && _nslab_targets " + command + " \"${arg_opts}\"; then return; fi\n" + words);
    }

    /** picocli's function for {@code command}, with {@code anchor} in it replaced; an error when picocli no longer writes it so. */
    private static String inFunction(String script, String command, String anchor, String replacement) {
        String fn = "function _picocli_nslab_" + command + "() {";
        int start = script.indexOf(fn);
        int end = script.indexOf("\n}\n", start);
        if (start < 0 || end < 0) throw new IllegalStateException("picocli's script has changed: no " + fn);
        String body = script.substring(start, end);
        if (!body.contains(anchor)) throw new IllegalStateException("picocli's script has changed: " + fn + " has no " + anchor.strip());
        return script.substring(0, start) + body.replace(anchor, replacement) + script.substring(end);
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

            # nslab: the lab named by -l/--lab on the line, else the labs that are up.
            _nslab_named_labs() {
              local i
              for ((i = 1; i < COMP_CWORD; i++)); do
                case ${COMP_WORDS[i]} in
                  -l|--lab) echo "${COMP_WORDS[i+1]}"; return ;;
                  --lab=*) echo "${COMP_WORDS[i]#--lab=}"; return ;;
                esac
              done
              _nslab_labs
            }

            # nslab: the nodes of the labs that are up, or of the one named by -l/--lab (a node's
            # network namespace is LAB-NODE; the lab's own host side is LAB).
            _nslab_nodes() {
              local l ns
              for l in $(_nslab_named_labs); do
                for ns in "${NSLAB_COMPLETION_NETNS:-/run/netns}/$l"-*; do
                  [[ -e $ns ]] || continue
                  ns=${ns##*/}
                  echo "${ns#"$l"-}"
                done
              done
            }

            # nslab: the interfaces of the labs that are up, or of the one named by -l/--lab, as
            # their plans name them (plan.json, as Jackson indents it: the veths' ends and the
            # bridges, each a step's keys on lines of their own): NODE:IF, host:IF for the host
            # side's, and with "all" (capture) the nodes and the bridges as well. A plan is root's
            # to read: without it, NODE: for each node.
            _nslab_ends() {
              local all=$1 l plan line kind ns key value
              [[ -z ${ZSH_VERSION-} ]] || setopt localoptions bashrematch   # zsh (bashcompinit): bash's regex groups
              local re='^    "([A-Za-z]+)" : "([^"]*)"'
              for l in $(_nslab_named_labs); do
                plan="${NSLAB_COMPLETION_STATE:-/run/nslab}/$l/plan.json"
                if [[ ! -r $plan ]]; then
                  for ns in "${NSLAB_COMPLETION_NETNS:-/run/netns}/$l"-*; do
                    [[ -e $ns ]] && echo "${ns##*/"$l"-}:"
                  done
                  continue
                fi
                kind=
                while IFS= read -r line; do
                  [[ $line =~ $re ]] || continue
                  key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
                  case $key in
                    step) kind=$value ;;
                    netns|peerNetns) ns=$value ;;
                    name|peerName)
                      [[ $kind == CreateVeth || $kind == CreateBridge ]] || continue
                      if [[ $ns == "$l" ]]; then
                        echo "host:$value"
                        [[ -n $all ]] && echo host
                        [[ -n $all && $kind == CreateBridge ]] && echo "$value"
                      elif [[ $ns == "$l"-* ]]; then
                        echo "${ns#"$l"-}:$value"
                        [[ -n $all ]] && echo "${ns#"$l"-}"
                      fi
                      [[ $key == peerName || $kind == CreateBridge ]] && kind= ;;
                  esac
                done < <(grep -E '^    "(step|netns|name|peerNetns|peerName)" : "' "$plan")
              done
            }

            # nslab: TAB on a target of capture or link. The word is read from the line itself
            # (bash has split it at its colons); the candidates lose what precedes the word's last
            # colon, as bash will put them after it. Returns 1 where the word is no target.
            _nslab_targets() {
              local command=$1 value_opts=$2 line parts=() w n=-1 after=0 value=0 cur candidates
              value_opts=" ${value_opts//[^-a-z ]/} "       # picocli's list, its quotes left out
              line=${COMP_LINE:0:$COMP_POINT}                   # $: zsh reads ":C" as a modifier
              if [[ -n ${ZSH_VERSION-} ]]; then read -r -A parts <<< "$line"; else read -r -a parts <<< "$line"; fi
              [[ $line == *[[:blank:]] || -z $line ]] && parts+=("")
              cur=${parts[$((${#parts[@]} - 1))]}
              for w in "${parts[@]:0:$((${#parts[@]} - 1))}"; do
                [[ -n $w ]] || continue                          # zsh's read -A ends a line "a " with an empty word
                if (( ! after )); then [[ $w == "$command" ]] && after=1; continue; fi
                if (( value )); then value=0
                elif [[ $value_opts == *" $w "* ]]; then value=1
                elif [[ $w != -* ]]; then ((n++))
                fi
              done
              (( value )) && return 1
              ((n++))
              case $command:$n in
                capture:*) candidates=$(_nslab_ends all | sort -u) ;;
                link:0) candidates=$(_nslab_ends | sort -u) ;;
                link:1) candidates=$'down\nup' ;;
                *) return 1 ;;
              esac
              local IFS=$'\n'
              COMPREPLY=( $(compgen -W "$candidates" -- "$cur") )
              if [[ $cur == *:* && ${COMP_WORDBREAKS-} == *:* ]]; then
                local i colon=${cur%"${cur##*:}"}
                for i in "${!COMPREPLY[@]}"; do COMPREPLY[$i]=${COMPREPLY[$i]#"$colon"}; done
              fi
              return 0
            }

            """;
}
