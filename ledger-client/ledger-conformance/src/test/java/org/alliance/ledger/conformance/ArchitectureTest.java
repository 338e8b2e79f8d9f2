package org.alliance.ledger.conformance;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * This module's packages, at any depth, depend on each other without cycles (the same rule as
 * ledger-core's, whose test also shows that the rule reports a cycle).
 */
class ArchitectureTest {
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.alliance.ledger.(**)").should().beFreeOfCycles().check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.alliance.ledger.conformance"));
    }
}
