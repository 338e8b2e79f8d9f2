package org.alliance.ledger.core.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** The architecture rule every module states for its own root package. */
public final class PackageRules {
    private PackageRules() {
    }

    /**
     * No cycle among the project's packages, at any depth: each package is its own slice, so
     * {@code a.b} and {@code a.c} using each other is a cycle even though both are under {@code a}.
     *
     * @return the rule
     */
    public static ArchRule freeOfCycles() {
        return slices().matching("org.alliance.ledger.(**)").should().beFreeOfCycles();
    }
}
