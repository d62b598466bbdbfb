package io.nslab.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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
    /**
     * The knot not untied yet (issue 14): cli's lifecycle folders lean on each other and on cli's
     * root package (ExitCode, NslabException). Everything else stays free.
     */
    private static final String[] KNOWN_KNOTS = {"io.nslab.cli.."};

    private static final JavaClasses NSLAB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // netlink's test jar (ThrowawayNetns and the tests beside it) is on this classpath too.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.nslab");

    @Test
    void noPackageOfNslabIsInACycleOutsideTheKnownKnots() {
        JavaClasses free = NSLAB.that(not(resideInAnyPackage(KNOWN_KNOTS)));
        // Every module but the knots' is read (a test that reads nothing would pass).
        for (String p : new String[] {"io.nslab.addr", "io.nslab.sys", "io.nslab.netlink.route", "io.nslab.topology.parse",
                "io.nslab.topology.plan", "io.nslab.core"}) {
            assertTrue(free.containPackage(p), p + " was not read");
        }
        slices().matching("io.nslab.(**)").should().beFreeOfCycles().check(free);
    }
}
