package io.nslab.cli.completion;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nslab.cli.manual.ManPage;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The fish completion script of nslab, written from the real command tree as the bash one is:
 * one {@code complete} line per subcommand and per option (with the first sentence of its help
 * as fish's description), files where a command takes a file, and the names of the labs that are
 * up and of their nodes where it takes a LAB or a NODE, read from the same directories as bash's
 * ({@code /run/nslab/LAB}, {@code /run/netns/LAB-NODE}), so a TAB costs no JVM.
 */
public final class FishCompletion {
    private FishCompletion() {}

    public static String script(CommandLine nslab) {
        StringBuilder s = new StringBuilder(HEADER).append(HELPERS);
        Map<String, CommandLine> subs = nslab.getSubcommands();
        s.append("\n# nslab's own options, and the commands\n");
        s.append("complete -c nslab -n 'not __nslab_command' -f\n");
        for (OptionSpec o : nslab.getCommandSpec().options()) s.append(option("not __nslab_command", o));
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            s.append("complete -c nslab -n 'not __nslab_command' -a ").append(quote(e.getKey()))
                    .append(" -d ").append(quote(summary(e.getValue().getCommandSpec()))).append('\n');
        }
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            s.append('\n').append(command(e.getKey(), e.getValue().getCommandSpec(), subs.keySet()));
        }
        return s.toString();
    }

    /** A subcommand's lines: its options, then what its positional parameters take. */
    private static String command(String name, CommandSpec spec, Iterable<String> all) {
        StringBuilder s = new StringBuilder("# nslab ").append(name).append('\n');
        String is = "__nslab_is " + name;
        for (OptionSpec o : spec.options()) s.append(option(is, o));
        String first = is + "; and __nslab_first " + String.join(" ", valueOptions(spec));
        String later = is + "; and not __nslab_first " + String.join(" ", valueOptions(spec));
        if (BashCompletion.LAB_FIRST.contains(name)) {
            // down also takes a lab file: files stay in
            s.append("complete -c nslab -n ").append(quote(first)).append(name.equals("down") ? "" : " -f")
                    .append(" -a '(__nslab_labs)' -d 'a lab that is up'\n");
            if (!name.equals("down")) s.append("complete -c nslab -n ").append(quote(is)).append(" -f\n");
        } else if (name.equals("capture")) {
            // targets: every word that is not an option's value
            s.append("complete -c nslab -n ").append(quote(is + "; and __nslab_positional " + String.join(" ", valueOptions(spec))))
                    .append(" -f -a '(__nslab_ends all)' -d 'a target'\n");
            s.append("complete -c nslab -n ").append(quote(is)).append(" -f\n");
        } else if (BashCompletion.NODE_FIRST.contains(name)) {
            s.append("complete -c nslab -n ").append(quote(first)).append(" -f -a '(__nslab_nodes)' -d 'a node'\n");
            // exec: what follows the node is a command line of its own (nslab, exec and NODE skipped)
            if (!name.equals("exec")) s.append("complete -c nslab -n ").append(quote(is)).append(" -f\n");
            else s.append("complete -c nslab -n ").append(quote(later)).append(" -f -a ")
                    .append(quote("(__fish_complete_subcommand --fcs-skip=3 " + String.join(" ", valueOptions(spec)) + ")")).append('\n');
        } else if (name.equals("link")) {
            s.append("complete -c nslab -n ").append(quote(first)).append(" -f -a '(__nslab_ends)' -d 'NODE:IF'\n");
            s.append("complete -c nslab -n ").append(quote(later)).append(" -f -a 'down up'\n");
            s.append("complete -c nslab -n ").append(quote(is)).append(" -f\n");
        } else if (name.equals("cp")) {
            // NODE:PATH or a file of the machine: both offered (files stay on)
            s.append("complete -c nslab -n ").append(quote(is)).append(" -a '(__nslab_nodes):' -d 'NODE:PATH'\n");
        } else if (name.equals("completion")) {
            s.append("complete -c nslab -n ").append(quote(is)).append(" -f -a 'bash zsh fish'\n");
        } else if (name.equals("help")) {
            s.append("complete -c nslab -n ").append(quote(is)).append(" -f -a ").append(quote(String.join(" ", all))).append('\n');
        } else if (spec.positionalParameters().stream().noneMatch(p -> isFile(p.type()))) {
            s.append("complete -c nslab -n ").append(quote(is)).append(" -f\n");
        }
        return s.toString();
    }

    /** One option: its names, whether it takes a value and which, the first sentence of its help. */
    private static String option(String condition, OptionSpec o) {
        StringBuilder s = new StringBuilder("complete -c nslab -n ").append(quote(condition));
        for (String n : o.names()) {
            if (n.startsWith("--")) s.append(" -l ").append(n.substring(2));
            else if (n.length() == 2) s.append(" -s ").append(n.substring(1));
            else s.append(" -o ").append(n.substring(1));
        }
        if (o.arity().max() > 0) {
            if (List.of(o.names()).contains("--lab")) s.append(" -x -a '(__nslab_labs)'");
            else if (isFile(o.type())) s.append(" -r -F");
            else if (o.completionCandidates() != null) {
                List<String> values = new ArrayList<>();
                o.completionCandidates().forEach(values::add);
                s.append(" -x -a ").append(quote(String.join(" ", values)));
            } else s.append(" -x");
        }
        String[] d = o.description();
        if (d.length > 0) s.append(" -d ").append(quote(firstSentence(String.join(" ", ManPage.formatted(d)))));
        return s.append('\n').toString();
    }

    /** The options that take a value: a word after one of them is its value, not a positional parameter. */
    private static List<String> valueOptions(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (OptionSpec o : spec.options()) if (o.arity().max() > 0) out.addAll(List.of(o.names()));
        return out;
    }

    private static boolean isFile(Class<?> type) {
        return type == Path.class || type == File.class;
    }

    /** The line nslab --help lists for a command. */
    static String summary(CommandSpec spec) {
        return firstSentence(ManPage.summary(ManPage.formatted(spec.usageMessage().description())));
    }

    /** Up to the first full stop that ends a sentence (fish shows a description on one short line). */
    static String firstSentence(String text) {
        String t = text.strip();
        int end = t.indexOf(". ");
        return end < 0 ? (t.endsWith(".") ? t.substring(0, t.length() - 1) : t) : t.substring(0, end);
    }

    /** A fish single-quoted string: only \ and ' are special in it. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static final String HEADER = """
            # fish completion for nslab (nslab completion fish), written from nslab's own command tree.
            # Installed as /usr/share/fish/vendor_completions.d/nslab.fish, or try it:
            #   nslab completion fish | source
            complete -c nslab -e

            """;

    /** Where the names come from; the variables move them (the completion test). */
    static final String HELPERS = """
            # The command typed after nslab (nslab's own options take no value), if any.
            function __nslab_command
                for t in (commandline -opc)[2..-1]
                    if not string match -q -- '-*' $t
                        echo $t
                        return 0
                    end
                end
                return 1
            end

            # Whether the command typed is one of $argv.
            function __nslab_is
                contains -- (__nslab_command) $argv
            end

            # Which positional parameter of the command the word being completed is (0: the first),
            # or false when it is an option's value ($argv: the command's options that take a value).
            function __nslab_position
                set -l n -1
                set -l value 0
                for t in (commandline -opc)[2..-1]
                    if test $value = 1
                        set value 0
                    else if contains -- $t $argv
                        set value 1
                    else if not string match -q -- '-*' $t
                        set n (math $n + 1)
                    end
                end
                test $value = 0; and echo $n
            end

            # Whether the word being completed is the command's first positional parameter.
            function __nslab_first
                set -l at (__nslab_position $argv); and test "$at" = 0
            end

            # Whether the word being completed is a positional parameter, not an option's value.
            function __nslab_positional
                __nslab_position $argv >/dev/null
            end

            # The names of the labs that are up (their state directories).
            function __nslab_labs
                set -l state /run/nslab
                set -q NSLAB_COMPLETION_STATE; and set state $NSLAB_COMPLETION_STATE
                for d in $state/*/
                    string replace -r '^.*/([^/]+)/$' '$1' -- $d
                end
            end

            # The lab named by -l/--lab on the line, else the labs that are up.
            function __nslab_named_labs
                set -l words (commandline -opc)
                for i in (seq (count $words))
                    switch $words[$i]
                        case -l --lab
                            echo $words[(math $i + 1)]
                            return
                        case '--lab=*'
                            string replace -- --lab= '' $words[$i]
                            return
                    end
                end
                __nslab_labs
            end

            # The nodes of the labs that are up, or of the one named by -l/--lab (a node's network
            # namespace is LAB-NODE; the lab's own host side is LAB).
            function __nslab_nodes
                set -l netns /run/netns
                set -q NSLAB_COMPLETION_NETNS; and set netns $NSLAB_COMPLETION_NETNS
                for l in (__nslab_named_labs)
                    for ns in $netns/$l-*
                        string replace -- $netns/$l- '' $ns
                    end
                end
            end

            # The interfaces of the labs that are up, or of the one named by -l/--lab, as their plans
            # name them (plan.json, as Jackson indents it: the veths' ends and the bridges): NODE:IF,
            # host:IF for the host side's, and with "all" (capture) the nodes and the bridges. A plan
            # is root's to read: without it, NODE: for each node (as bash's _nslab_ends).
            function __nslab_ends
                set -l state /run/nslab
                set -q NSLAB_COMPLETION_STATE; and set state $NSLAB_COMPLETION_STATE
                set -l netns /run/netns
                set -q NSLAB_COMPLETION_NETNS; and set netns $NSLAB_COMPLETION_NETNS
                for l in (__nslab_named_labs)
                    set -l plan $state/$l/plan.json
                    if not test -r $plan
                        for ns in $netns/$l-*
                            echo (string replace -- $netns/$l- '' $ns):
                        end
                        continue
                    end
                    set -l kind ''
                    set -l ns ''
                    set -l kv (string match -r -g '^    "(step|netns|name|peerNetns|peerName)" : "([^"]*)"' < $plan)
                    for i in (seq 1 2 (count $kv))
                        set -l key $kv[$i]
                        set -l value $kv[(math $i + 1)]
                        switch $key
                            case step
                                set kind $value
                            case netns peerNetns
                                set ns $value
                            case name peerName
                                contains -- "$kind" CreateVeth CreateBridge; or continue
                                if test "$ns" = "$l"
                                    echo host:$value
                                    if test -n "$argv[1]"
                                        echo host
                                        test "$kind" = CreateBridge; and echo $value
                                    end
                                else if string match -q -- "$l-*" $ns
                                    set -l node (string sub -s (math (string length -- $l) + 2) -- $ns)
                                    echo $node:$value
                                    test -n "$argv[1]"; and echo $node
                                end
                                if test $key = peerName -o "$kind" = CreateBridge
                                    set kind ''
                                end
                        end
                    end
                end
            end
            """;
}
