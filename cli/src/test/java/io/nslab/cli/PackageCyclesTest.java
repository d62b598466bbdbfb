package io.nslab.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Modules are layered one way by Maven; inside a module, nothing but this test keeps packages
 * so. A cycle between two packages (topology's parse importing its parent, which imported parse)
 * means neither can be read, changed or moved without the other. cli sees every module's classes,
 * so the test lives here and reads them all from their class files.
 */
class PackageCyclesTest {
    private static final JavaClasses NSLAB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // netlink's test jar (ThrowawayNetns and the tests beside it) is on this classpath too.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.nslab");

    @Test
    void noPackageOfNslabIsInACycle() {
        // Every module is read (a test that reads nothing would pass), cli's lifecycle folders too.
        for (String p : new String[] {"io.nslab.addr", "io.nslab.sys", "io.nslab.netlink.route", "io.nslab.topology.parse",
                "io.nslab.topology.plan", "io.nslab.core", "io.nslab.cli", "io.nslab.cli.up", "io.nslab.cli.undo",
                "io.nslab.cli.state", "io.nslab.cli.commands"}) {
            assertTrue(NSLAB.containPackage(p), p + " was not read");
        }
        slices().matching("io.nslab.(**)").should().beFreeOfCycles().check(NSLAB);
    }
}
