package org.alliance.ledger.face;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * This module's packages, at any depth, depend on each other without cycles (the same rule as
 * ledger-core's, whose test also shows that the rule reports a cycle), and the engine stays a
 * plain library: no Spring, and nothing printed to the console.
 */
class ArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.alliance.ledger.face");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.alliance.ledger.(**)").should().beFreeOfCycles().check(ENGINE);
    }

    /** The service wires the engine; the engine must stay usable without a container. */
    @Test
    void dependsOnNoApplicationFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..")
                .check(ENGINE);
    }

    @Test
    void logsThroughSlf4jInsteadOfPrinting() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err").check(ENGINE);
    }
}
