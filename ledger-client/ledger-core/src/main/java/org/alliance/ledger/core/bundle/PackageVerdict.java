package org.alliance.ledger.core.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of verifying an {@link EvidencePackage}: each bundle's own verdict, the checks of
 * the view against the records, and the view's members that no record can confirm.
 *
 * @param status {@link Verdict.Status#VALID} only if every bundle and every view check passed
 * @param bundles each bundle's verdict, in package order
 * @param viewChecks the checks of the view against the bundles' records
 * @param notVerifiedOffline the view's members computed by the exporting service (durations,
 *     deadlines and the like), which this verification does not confirm
 */
public record PackageVerdict(Verdict.Status status, List<BundleResult> bundles, List<Verdict.Check> viewChecks,
        List<String> notVerifiedOffline) {

    /**
     * One bundle's verdict.
     *
     * @param recordId the id the bundle's record claims, empty if it has none
     * @param verdict the bundle's verdict
     */
    public record BundleResult(String recordId, Verdict verdict) {
        /** Checks that every part is present. */
        public BundleResult {
            Objects.requireNonNull(recordId, "recordId");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** Copies the lists and requires the status to follow from the checks. */
    public PackageVerdict {
        bundles = List.copyOf(bundles);
        viewChecks = List.copyOf(viewChecks);
        notVerifiedOffline = List.copyOf(notVerifiedOffline);
        if (status != statusOf(bundles, viewChecks)) {
            throw new IllegalArgumentException("status " + status + " does not follow from the checks");
        }
    }

    /**
     * Builds a verdict whose status follows from the bundles' checks and the view checks, by the
     * rules of {@link Verdict#of}.
     *
     * @param bundles each bundle's verdict
     * @param viewChecks the view checks
     * @param notVerifiedOffline the computed members
     * @return the verdict
     */
    public static PackageVerdict of(List<BundleResult> bundles, List<Verdict.Check> viewChecks,
            List<String> notVerifiedOffline) {
        return new PackageVerdict(statusOf(bundles, viewChecks), bundles, viewChecks, notVerifiedOffline);
    }

    private static Verdict.Status statusOf(List<BundleResult> bundles, List<Verdict.Check> viewChecks) {
        List<Verdict.Check> all = new ArrayList<>(viewChecks);
        bundles.forEach(b -> all.addAll(b.verdict().checks()));
        return Verdict.of(all).status();
    }

    /**
     * Whether the package is proven.
     *
     * @return true only for {@link Verdict.Status#VALID}
     */
    public boolean valid() {
        return status == Verdict.Status.VALID;
    }
}
