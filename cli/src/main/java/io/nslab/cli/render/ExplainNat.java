package io.nslab.cli.render;

import java.util.function.Consumer;

import io.nslab.topology.plan.DnatRule;
import io.nslab.topology.plan.MasqueradeRule;
import io.nslab.topology.plan.Steps.InstallNat;

/**
 * The NAT of {@link ExplainScript}: nslab's own nf_tables table as {@code nft -f} reads it, with
 * the iptables rules Docker writes for the same masquerades and published ports beside it.
 */
final class ExplainNat {
    private final Consumer<String> line;
    private final Consumer<String> comment;
    /** The mark nslab sets on what it makes, here the table's comment. */
    private final String mark;

    ExplainNat(Consumer<String> line, Consumer<String> comment, String mark) {
        this.line = line;
        this.comment = comment;
        this.mark = mark;
    }

    private void line(String s) { line.accept(s); }

    private void comment(String s) { comment.accept(s); }

    void nat(InstallNat s) {
        line("");
        comment("NAT, in nslab's own nf_tables table inet " + s.table() + " (family inet: its chains see IPv4 and IPv6, each rule");
        comment("says which family it is for), never the shared `ip nat` table that iptables, Docker and");
        comment("firewalld manage. A table is replaced as a whole, atomically (nft -f).");
        for (MasqueradeRule m : s.masquerades()) {
            String iptables = m.source().family() == 6 ? "ip6tables" : "iptables";
            comment("MASQUERADE: traffic from " + m.source() + " that leaves by any interface but " + m.exceptOutIf());
            comment("takes that interface's address as its source, so the outside can answer. As Docker writes it:");
            comment("  " + iptables + " -t nat -A POSTROUTING -s " + m.source() + " ! -o " + m.exceptOutIf() + " -j MASQUERADE");
        }
        for (DnatRule d : s.dnats()) {
            String iptables = d.toAddress().family() == 6 ? "ip6tables" : "iptables";
            comment("DNAT, a published port: " + d.proto() + " to port " + d.port() + " of any " + (d.toAddress().family() == 6 ? "IPv6 " : "")
                    + "address of the host side goes to");
            comment(d.toAddress().withPort(d.toPort()) + ". As Docker writes it (Docker jumps to these from its DOCKER chain):");
            comment("  " + iptables + " -t nat -A PREROUTING -m addrtype --dst-type LOCAL -p " + d.proto() + " --dport " + d.port()
                    + " -j DNAT --to-destination " + d.toAddress().withPort(d.toPort()));
            comment("  " + iptables + " -t nat -A OUTPUT -m addrtype --dst-type LOCAL -p " + d.proto() + " --dport "
                    + d.port() + " -j DNAT --to-destination " + d.toAddress().withPort(d.toPort()));
            comment("  (Docker's OUTPUT rule adds ! -d 127.0.0.0/8, for its userland proxy on loopback; nslab has no proxy.)");
        }
        if (s.masquerades().stream().anyMatch(m -> m.source().family() == 6) || s.dnats().stream().anyMatch(d -> d.toAddress().family() == 6)) {
            comment("In a table of family inet, nft compiles ip saddr (ip6 saddr) to meta nfproto ipv4 (ipv6) first,");
            comment("and dnat ip to (dnat ip6 to) applies to packets of that family only.");
        }
        line(ExplainScript.in(s.netns()) + "nft -f - <<'EOF'");
        line("table inet " + s.table() + " {");
        line("\tcomment \"" + mark + "\"   # nslab's mark, as on its namespaces");
        if (!s.dnats().isEmpty()) {
            line("\tchain prerouting {");
            line("\t\ttype nat hook prerouting priority dstnat; policy accept;");
            for (DnatRule d : s.dnats()) line("\t\t" + dnat(d));
            line("\t}");
            line("\tchain output {");
            line("\t\ttype nat hook output priority -100; policy accept;");
            for (DnatRule d : s.dnats()) line("\t\t" + dnat(d));
            line("\t}");
        }
        if (!s.masquerades().isEmpty()) {
            line("\tchain postrouting {");
            line("\t\ttype nat hook postrouting priority srcnat; policy accept;");
            for (MasqueradeRule m : s.masquerades()) {
                line("\t\t" + (m.source().family() == 6 ? "ip6" : "ip") + " saddr " + m.source() + " oifname != \"" + m.exceptOutIf() + "\" masquerade");
            }
            line("\t}");
        }
        line("}");
        line("EOF");
    }

    private static String dnat(DnatRule d) {
        return "fib daddr type local " + d.proto() + " dport " + d.port() + " dnat " + (d.toAddress().family() == 6 ? "ip6" : "ip")
                + " to " + d.toAddress().withPort(d.toPort());
    }
}
