package org.alliance.ledger.bench;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The same rules as the other modules': packages free of cycles, and nothing printed to the
 * console (a bench reports through its markdown file and its log, not through the plotting code).
 */
class ArchitectureTest {
    private static final JavaClasses PLOTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.alliance.ledger.bench");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.alliance.ledger.(**)").should().beFreeOfCycles().check(PLOTS);
    }

    @Test
    void printsNothing() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err").check(PLOTS);
    }
}
