package io.nslab.topology.plan;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step of a {@link Plan}: plain data that the executor maps to one netlink or core-ns
 * call. Serialized with its record name as {@code "step"} (plan.json). Every step knows how
 * it is undone: {@link #inverse()} is the step that removes what it made, or empty when
 * undoing an earlier step removes it too (an address goes with its link, a link with its
 * namespace, a route with its address).
 *
 * <p>Network namespaces are named as iproute2 names them ({@code /run/netns/NAME});
 * {@link NetnsName#CURRENT} stands for the namespace nslab runs in (the host side with
 * {@code --on-host}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "step")
@JsonSubTypes({
    @JsonSubTypes.Type(Steps.CreateNetns.class), @JsonSubTypes.Type(Steps.SetSysctl.class),
    @JsonSubTypes.Type(Steps.CreateBridge.class), @JsonSubTypes.Type(Steps.CreateVeth.class),
    @JsonSubTypes.Type(Steps.SetMaster.class), @JsonSubTypes.Type(Steps.AddAddress.class),
    @JsonSubTypes.Type(Steps.LinkUp.class), @JsonSubTypes.Type(Steps.AddRoute.class),
    @JsonSubTypes.Type(Steps.InstallNat.class), @JsonSubTypes.Type(Steps.WriteHostsFile.class),
    @JsonSubTypes.Type(Steps.StartNode.class), @JsonSubTypes.Type(Steps.StartServices.class),
    @JsonSubTypes.Type(Steps.ImpairEgress.class), @JsonSubTypes.Type(Steps.ClearImpairment.class),
    @JsonSubTypes.Type(Steps.DeleteNetns.class), @JsonSubTypes.Type(Steps.RestoreSysctl.class),
    @JsonSubTypes.Type(Steps.DeleteLink.class), @JsonSubTypes.Type(Steps.DeleteNatTable.class),
    @JsonSubTypes.Type(Steps.StopNode.class), @JsonSubTypes.Type(Steps.StopServices.class),
    @JsonSubTypes.Type(Steps.CreateCgroup.class), @JsonSubTypes.Type(Steps.DeleteCgroup.class),
    @JsonSubTypes.Type(Steps.MountLayers.class), @JsonSubTypes.Type(Steps.UnmountLayers.class)})
public sealed interface Step permits
        Steps.CreateNetns, Steps.SetSysctl, Steps.CreateBridge, Steps.CreateVeth, Steps.SetMaster,
        Steps.AddAddress, Steps.LinkUp, Steps.AddRoute, Steps.InstallNat, Steps.WriteHostsFile,
        Steps.StartNode, Steps.StartServices, Steps.ImpairEgress, Steps.ClearImpairment, Steps.CreateCgroup,
        Steps.DeleteNetns, Steps.RestoreSysctl, Steps.DeleteLink, Steps.DeleteNatTable, Steps.StopNode, Steps.StopServices,
        Steps.DeleteCgroup, Steps.MountLayers, Steps.UnmountLayers {

    /** The step that undoes this one, or empty when an earlier step's inverse already removes what it made. */
    Optional<Step> inverse();

    /** Calls the visitor's method for this step's kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per step kind: the one dispatch on a step's kind. A new kind adds a method
     * here, and every visitor that does not handle it fails to compile. (Java 17 has no
     * pattern {@code switch} over a sealed type.)
     */
    interface Visitor<R> {
        // forward steps, as a Plan makes them
        R createCgroup(Steps.CreateCgroup s);
        R createNetns(Steps.CreateNetns s);
        R setSysctl(Steps.SetSysctl s);
        R createBridge(Steps.CreateBridge s);
        R createVeth(Steps.CreateVeth s);
        R setMaster(Steps.SetMaster s);
        R addAddress(Steps.AddAddress s);
        R linkUp(Steps.LinkUp s);
        R addRoute(Steps.AddRoute s);
        R installNat(Steps.InstallNat s);
        R writeHostsFile(Steps.WriteHostsFile s);
        R startNode(Steps.StartNode s);
        R impairEgress(Steps.ImpairEgress s);
        R startServices(Steps.StartServices s);
        R mountLayers(Steps.MountLayers s);
        // undo steps, the inverses of forward ones
        R deleteCgroup(Steps.DeleteCgroup s);
        R deleteNetns(Steps.DeleteNetns s);
        R restoreSysctl(Steps.RestoreSysctl s);
        R deleteLink(Steps.DeleteLink s);
        R deleteNatTable(Steps.DeleteNatTable s);
        R clearImpairment(Steps.ClearImpairment s);
        R stopNode(Steps.StopNode s);
        R stopServices(Steps.StopServices s);
        R unmountLayers(Steps.UnmountLayers s);
    }

    /**
     * A visitor of the forward steps only (up, explain's build): an undo step there is a bug,
     * refused. A new forward kind still fails to compile in each subclass.
     */
    abstract class ForwardVisitor<R> implements Visitor<R> {
        private static <R> R refuse(Step s) { throw new IllegalArgumentException("not a forward step: " + s); }

        public final R deleteCgroup(Steps.DeleteCgroup s) { return refuse(s); }
        public final R deleteNetns(Steps.DeleteNetns s) { return refuse(s); }
        public final R restoreSysctl(Steps.RestoreSysctl s) { return refuse(s); }
        public final R deleteLink(Steps.DeleteLink s) { return refuse(s); }
        public final R deleteNatTable(Steps.DeleteNatTable s) { return refuse(s); }
        public final R clearImpairment(Steps.ClearImpairment s) { return refuse(s); }
        public final R stopNode(Steps.StopNode s) { return refuse(s); }
        public final R stopServices(Steps.StopServices s) { return refuse(s); }
        public final R unmountLayers(Steps.UnmountLayers s) { return refuse(s); }
    }

    /** A visitor of the undo steps only (down, the journal): a forward step there is a bug, refused. */
    abstract class UndoVisitor<R> implements Visitor<R> {
        private static <R> R refuse(Step s) { throw new IllegalArgumentException("not an undo step: " + s); }

        public final R createCgroup(Steps.CreateCgroup s) { return refuse(s); }
        public final R createNetns(Steps.CreateNetns s) { return refuse(s); }
        public final R setSysctl(Steps.SetSysctl s) { return refuse(s); }
        public final R createBridge(Steps.CreateBridge s) { return refuse(s); }
        public final R createVeth(Steps.CreateVeth s) { return refuse(s); }
        public final R setMaster(Steps.SetMaster s) { return refuse(s); }
        public final R addAddress(Steps.AddAddress s) { return refuse(s); }
        public final R linkUp(Steps.LinkUp s) { return refuse(s); }
        public final R addRoute(Steps.AddRoute s) { return refuse(s); }
        public final R installNat(Steps.InstallNat s) { return refuse(s); }
        public final R writeHostsFile(Steps.WriteHostsFile s) { return refuse(s); }
        public final R startNode(Steps.StartNode s) { return refuse(s); }
        public final R impairEgress(Steps.ImpairEgress s) { return refuse(s); }
        public final R startServices(Steps.StartServices s) { return refuse(s); }
        public final R mountLayers(Steps.MountLayers s) { return refuse(s); }
    }
}
