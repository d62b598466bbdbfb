package io.nslab.cli.completion;

/**
 * The zsh completion script of nslab: the bash one ({@link BashCompletion}), run by zsh's
 * bashcompinit, which gives a bash completion function the COMP_WORDS, COMPREPLY and compgen
 * it expects. One file serves both ways zsh finds it:
 * <ul>
 * <li>installed in a directory of {@code $fpath} as {@code _nslab} (the .deb's
 *     /usr/share/zsh/vendor-completions): compinit binds it to nslab by its {@code #compdef}
 *     line and runs it on the first TAB after nslab; it then defines bash's functions, which
 *     {@code complete} binds to nslab for the next TABs, and completes this first TAB itself;</li>
 * <li>sourced from ~/.zshrc ({@code nslab completion zsh > ~/.nslab.zsh}): it starts compinit
 *     and bashcompinit if the user's zshrc did not.</li>
 * </ul>
 * ZshCompletionTest drives a real zsh both ways, as a terminal does (zpty).
 */
public final class ZshCompletion {
    private ZshCompletion() {}

    public static String script(String bash) {
        // picocli's script makes bash's compopt an alias of complete in zsh. Aliases are expanded
        // as a function is read, and compinit reads this whole file as one function before the
        // alias exists: zsh then said "command not found: compopt" on each TAB. bash's compopt
        // changes the completion under way (+o default: no files), which bashcompinit cannot: none.
        String alias = "  alias compopt=complete\n";
        if (!bash.contains(alias)) throw new IllegalStateException("picocli's script has changed: no " + alias.strip());
        return HEADER + bash.replace(alias, "  compopt() { : }\n") + FOOTER;
    }

    private static final String HEADER = """
            #compdef nslab
            # zsh completion for nslab (nslab completion zsh): the bash script, written from nslab's own
            # command tree, run through zsh's bashcompinit. Installed as _nslab in a directory of $fpath
            # (compinit loads it on the first TAB after nslab), or sourced from ~/.zshrc.
            (( $+functions[compdef] )) || { autoload -U +X compinit && compinit }
            (( $+functions[complete] )) || { autoload -U +X bashcompinit && bashcompinit }

            """;

    /** Loaded by compinit, this file is the function _nslab, run for a TAB: it completes that TAB as the next ones will be. */
    private static final String FOOTER = """

            # Loaded by compinit for a TAB, complete it as the function complete has just bound to nslab.
            if [[ ${funcstack[1]} == _nslab ]]; then
              eval "${_comps[nslab]}"
            fi
            """;
}
