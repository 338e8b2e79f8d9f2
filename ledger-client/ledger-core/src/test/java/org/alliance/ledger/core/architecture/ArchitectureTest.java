package org.alliance.ledger.core.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.alliance.ledger.core.architecture.cyclic.left.Left;
import org.junit.jupiter.api.Test;

/**
 * ledger-core's packages depend on each other without cycles: {@code error} and {@code evm} at the
 * bottom, then {@code codec}, {@code crypto}, {@code merkle}, {@code state}, {@code record}, {@code checkpoint},
 * then {@code rules}, and the ledger boundary, bundles, the alliance log and the demo alliance
 * above them.
 */
class ArchitectureTest {
    @Test
    void packagesAreFreeOfCycles() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.alliance.ledger.core");
        PackageRules.freeOfCycles().check(core);
    }

    /** The rule is not vacuous: two packages that use each other are reported. */
    @Test
    void aCycleIsReported() {
        JavaClasses cyclic = new ClassFileImporter().importPackages(Left.class.getPackageName().replace(".left", ""));
        assertThatThrownBy(() -> PackageRules.freeOfCycles().check(cyclic))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("left")
                .hasMessageContaining("right");
    }
}
