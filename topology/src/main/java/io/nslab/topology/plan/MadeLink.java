package io.nslab.topology.plan;

import java.util.List;

/**
 * An interface a step makes: a bridge, or one end of a veth pair with its peer (null for a
 * bridge). What capture, the web page, {@code nslab link} and up's name clash check read of
 * a Plan; a new kind of interface-making step is added to {@link #of} (its visitor does not
 * compile until it is).
 */
public record MadeLink(Kind kind, String netns, String name, String peerNetns, String peerName) {
    public enum Kind { BRIDGE, VETH }

    public boolean isVeth() { return kind == Kind.VETH; }

    /** The interfaces {@code step} makes: none for most steps, two for a veth (each end, the other its peer). */
    public static List<MadeLink> of(Step step) {
        return step.accept(MADE);
    }

    private static final Step.Visitor<List<MadeLink>> MADE = new Step.ForwardVisitor<>() {
        public List<MadeLink> createBridge(Steps.CreateBridge s) {
            return List.of(new MadeLink(Kind.BRIDGE, s.netns(), s.name(), null, null));
        }

        public List<MadeLink> createVeth(Steps.CreateVeth s) {
            return List.of(new MadeLink(Kind.VETH, s.netns(), s.name(), s.peerNetns(), s.peerName()),
                    new MadeLink(Kind.VETH, s.peerNetns(), s.peerName(), s.netns(), s.name()));
        }

        public List<MadeLink> createCgroup(Steps.CreateCgroup s) { return List.of(); }
        public List<MadeLink> createNetns(Steps.CreateNetns s) { return List.of(); }
        public List<MadeLink> setSysctl(Steps.SetSysctl s) { return List.of(); }
        public List<MadeLink> setMaster(Steps.SetMaster s) { return List.of(); }
        public List<MadeLink> addAddress(Steps.AddAddress s) { return List.of(); }
        public List<MadeLink> linkUp(Steps.LinkUp s) { return List.of(); }
        public List<MadeLink> addRoute(Steps.AddRoute s) { return List.of(); }
        public List<MadeLink> installNat(Steps.InstallNat s) { return List.of(); }
        public List<MadeLink> writeHostsFile(Steps.WriteHostsFile s) { return List.of(); }
        public List<MadeLink> startNode(Steps.StartNode s) { return List.of(); }
        public List<MadeLink> impairEgress(Steps.ImpairEgress s) { return List.of(); }
        public List<MadeLink> startServices(Steps.StartServices s) { return List.of(); }
        public List<MadeLink> mountLayers(Steps.MountLayers s) { return List.of(); }
    };
}
