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
 * {@link Netns#CURRENT} stands for the namespace nslab runs in (the host side with
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
}
