package io.nslab.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.nslab.topology.model.Capability;
import io.nslab.topology.model.Lab;
import io.nslab.topology.parse.LabError;
import io.nslab.topology.plan.PlanCompiler;
import io.nslab.topology.plan.Steps;

/** A node's capabilities: Docker's default and NET_ADMIN, add and drop over it, privileged for all; in the Plan. */
class CapabilitiesKeysTest {
    private static Lab lab(String nodes) {
        return LabParser.parse(("{'name':'caps','nodes':{" + nodes + "}}").replace('\'', '"'), "test");
    }

    private static Map<String, String> errors(String nodes) {
        LabException e = assertThrows(LabException.class, () -> lab(nodes));
        return e.errors().stream().collect(Collectors.toMap(LabError::path, LabError::message, (a, b) -> a + " | " + b));
    }

    @Test
    void theDefaultIsDockersWithNetAdminAndSysAdmin() {
        Set<Capability> caps = lab("'a':{}").nodes().get("a").capabilities();
        assertEquals(16, caps.size());
        assertTrue(caps.containsAll(Capability.DOCKER_DEFAULT));
        assertTrue(caps.contains(Capability.NET_ADMIN) && caps.contains(Capability.NET_RAW) && caps.contains(Capability.SYS_ADMIN));
        assertTrue(!caps.contains(Capability.SYS_TIME) && !caps.contains(Capability.SYS_MODULE) && !caps.contains(Capability.SYS_RAWIO));
        // the bits as /proc/PID/status writes them: a Docker container's CapEff, NET_ADMIN (bit 12) and SYS_ADMIN (bit 21)
        assertEquals(0xa80425fbL, Capability.mask(Capability.DOCKER_DEFAULT));
        assertEquals(0xa82435fbL, Capability.mask(caps));
    }

    @Test
    void aNodeWithAUserMapOfItsOwnStartsWithoutSysAdmin() {
        Lab lab = lab("'m':{'user':{'uid':'0:100000:65536','gid':'0:100000:65536'}},"
                + "'s':{'user':{'uid':'0:100000:65536','gid':'0:100000:65536'},'capabilities':{'add':['SYS_ADMIN']}}");
        assertEquals(Capability.MAPPED_NODE_DEFAULT, lab.nodes().get("m").capabilities());
        assertEquals(0xa80435fbL, Capability.mask(lab.nodes().get("m").capabilities()));
        assertEquals(Capability.NODE_DEFAULT, lab.nodes().get("s").capabilities());
    }

    @Test
    void addAndDropTakeNamesWithOrWithoutCapInEitherCase() {
        Lab lab = lab("'a':{'capabilities':{'add':['SYS_TIME','cap_sys_admin'],'drop':['CAP_NET_RAW','mknod']}},"
                + "'b':{'capabilities':{'drop':['ALL'],'add':['NET_ADMIN']}},'c':{'capabilities':{'add':['all'],'drop':['SYS_MODULE']}},"
                + "'d':{'privileged':true},'e':{'privileged':false}");
        Set<Capability> a = lab.nodes().get("a").capabilities();
        assertTrue(a.contains(Capability.SYS_TIME) && a.contains(Capability.SYS_ADMIN));
        assertTrue(!a.contains(Capability.NET_RAW) && !a.contains(Capability.MKNOD));
        assertEquals(Set.of(Capability.NET_ADMIN), lab.nodes().get("b").capabilities());
        EnumSet<Capability> allButModules = EnumSet.allOf(Capability.class);
        allButModules.remove(Capability.SYS_MODULE);
        assertEquals(allButModules, lab.nodes().get("c").capabilities());
        assertNull(lab.nodes().get("d").capabilities());
        assertTrue(lab.nodes().get("d").privileged());
        assertEquals(Capability.NODE_DEFAULT, lab.nodes().get("e").capabilities());
    }

    @Test
    void unknownNamesAreNamedWithTheirPath() {
        Map<String, String> e = errors("'a':{'capabilities':{'add':['NET_ADMN','SYS_TIME'],'drop':['fly'],'keep':[]}},"
                + "'b':{'privileged':true,'capabilities':{'add':['SYS_TIME']}},'c':{'capabilities':{'add':['KILL'],'drop':['KILL']}},"
                + "'d':{'privileged':'yes'}");
        assertTrue(e.get("nodes.a.capabilities.add[0]").contains("\"NET_ADMN\" is not a capability"), e.toString());
        assertTrue(e.get("nodes.a.capabilities.add[0]").contains("did you mean NET_ADMIN?"), e.toString());
        assertTrue(e.get("nodes.a.capabilities.drop[0]").contains("\"fly\" is not a capability"), e.toString());
        assertTrue(e.containsKey("nodes.a.capabilities.keep"), e.toString());
        assertTrue(e.get("nodes.b.capabilities").contains("privileged node has every capability"), e.toString());
        assertTrue(e.get("nodes.c.capabilities.drop").contains("KILL is both added and dropped"), e.toString());
        assertTrue(e.containsKey("nodes.d.privileged"), e.toString());
        assertEquals(6, e.size(), e.toString());
    }

    @Test
    void thePlanCarriesTheNamesOrNullForPrivileged() {
        var steps = PlanCompiler.compile(lab("'a':{'capabilities':{'drop':['ALL'],'add':['NET_RAW','CHOWN']}},'b':{'privileged':true}"), false).steps();
        var starts = steps.stream().filter(s -> s instanceof Steps.StartNode).map(s -> (Steps.StartNode) s).toList();
        assertEquals(java.util.List.of("CHOWN", "NET_RAW"), starts.get(0).capabilities());
        assertNull(starts.get(1).capabilities());
        assertTrue(starts.get(1).privileged());
    }
}
