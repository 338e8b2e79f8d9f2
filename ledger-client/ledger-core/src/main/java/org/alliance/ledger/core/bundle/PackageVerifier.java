package org.alliance.ledger.core.bundle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateStatus;
import org.alliance.ledger.core.record.EvidenceRecord;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.record.CaseAction;

/**
 * Verifies evidence packages offline: every bundle with {@link BundleVerifier}, then the view
 * against the bundles' records.
 *
 * <p>View checks: {@value #VIEW_SUBJECT} (the view is about the package's subject),
 * {@value #VIEW_COMPLETE} (the whole view, with no page left and no step or change skipped),
 * {@value #CITED_BUNDLE} (one per cited record: exactly one bundle carries it),
 * {@value #UNCITED_BUNDLE} (no bundle the view does not cite), {@value #VIEW_FACTS} (one per
 * entry: what the entry says equals what its record says) and {@value #VIEW_SUMMARY} (the view's
 * top-level facts that follow from the records). Members that the exporting service computes,
 * such as durations and deadlines, are listed in the verdict as not verified. It is thread safe.
 */
public final class PackageVerifier {
    /** Check: the view names the package's subject. */
    public static final String VIEW_SUBJECT = "VIEW_SUBJECT";
    /** Check: the view is whole and its entries follow on from each other. */
    public static final String VIEW_COMPLETE = "VIEW_COMPLETE";
    /** Check: a cited record has exactly one bundle. */
    public static final String CITED_BUNDLE = "CITED_BUNDLE";
    /** Check: every bundle is cited by the view. */
    public static final String UNCITED_BUNDLE = "UNCITED_BUNDLE";
    /** Check: an entry's facts equal its record's. */
    public static final String VIEW_FACTS = "VIEW_FACTS";
    /** Check: the view's top-level facts equal the records'. */
    public static final String VIEW_SUMMARY = "VIEW_SUMMARY";
    /** Why a verdict cannot speak for records the package leaves out. */
    public static final String COMPLETENESS_NOTE =
            "that the ledger holds no further records for the subject (an offline check sees only the records exported)";

    private final BundleVerifier bundles;

    /**
     * Creates a verifier.
     *
     * @param bundles the verifier of each bundle, with its trust store
     */
    public PackageVerifier(BundleVerifier bundles) {
        this.bundles = Objects.requireNonNull(bundles, "bundles");
    }

    /**
     * Verifies a package. It never throws for bad content: every defect is a failed check.
     *
     * @param pkg the package
     * @return the verdict
     */
    public PackageVerdict verify(EvidencePackage pkg) {
        Objects.requireNonNull(pkg, "pkg");
        List<PackageVerdict.BundleResult> results = new ArrayList<>();
        Map<String, List<EvidenceBundle>> byId = new HashMap<>();
        for (EvidenceBundle b : pkg.bundles()) {
            String id = b.record().path("record").path("id").asText("");
            results.add(new PackageVerdict.BundleResult(id, bundles.verify(b)));
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(b);
        }
        PackageViews.Shape shape = PackageViews.shape(pkg.kind());
        JsonNode view = pkg.view();
        List<JsonNode> entries = PackageViews.entries(pkg.kind(), view);
        List<Verdict.Check> checks = new ArrayList<>();
        String viewSubject = view.get(shape.subjectField()).textValue();
        checks.add(Verdict.Check.of(VIEW_SUBJECT, pkg.subject().equals(viewSubject),
                "the view is about " + pkg.subject(), "the view is about " + viewSubject + ", not " + pkg.subject()));
        checks.add(completeness(pkg.kind(), view, entries));

        Set<String> cited = new LinkedHashSet<>();
        Map<String, EvidenceRecord> records = new HashMap<>();
        for (JsonNode e : entries) {
            String id = e.get(shape.citeField()).textValue();
            if (!cited.add(id)) {
                checks.add(Verdict.Check.fail(CITED_BUNDLE, "record " + id + " is cited twice"));
                continue;
            }
            List<EvidenceBundle> found = byId.getOrDefault(id, List.of());
            checks.add(Verdict.Check.of(CITED_BUNDLE, found.size() == 1, "record " + id + " has its bundle",
                    found.isEmpty() ? "record " + id + " has no bundle" : "record " + id + " has " + found.size() + " bundles"));
            EvidenceRecord record = found.size() == 1 ? readRecord(found.get(0)) : null;
            if (record == null) {
                checks.add(new Verdict.Check(VIEW_FACTS, Verdict.Outcome.NOT_CHECKED,
                        "record " + id + " has no single readable bundle"));
                continue;
            }
            records.put(id, record);
            List<String> wrong = recordProblems(pkg.kind(), pkg.subject(), record);
            wrong.addAll(mismatches(expected(pkg.kind(), record, found.get(0)), e));
            checks.add(Verdict.Check.of(VIEW_FACTS, wrong.isEmpty(), "the entry for " + id + " matches its record",
                    "the entry for " + id + " differs from its record: " + String.join("; ", wrong)));
        }
        List<String> uncited = results.stream().map(PackageVerdict.BundleResult::recordId)
                .filter(id -> !cited.contains(id)).toList();
        checks.add(Verdict.Check.of(UNCITED_BUNDLE, uncited.isEmpty(), "every bundle is cited by the view",
                "bundles the view does not cite: " + uncited));
        summary(pkg.kind(), view, entries, records, shape).ifPresent(checks::add);

        List<String> notVerified = new ArrayList<>(shape.computed());
        notVerified.add(COMPLETENESS_NOTE);
        return PackageVerdict.of(results, checks, notVerified);
    }

    private static EvidenceRecord readRecord(EvidenceBundle b) {
        try {
            return RecordCodec.signedFromTree(b.record()).record();
        } catch (RuntimeException e) {
            // The bundle's own RECORD_FORMAT check reports why.
            return null;
        }
    }

    /** The whole view: no further page, entries numbered from 0, and a case's steps chained. */
    private static Verdict.Check completeness(EvidencePackage.Kind kind, JsonNode view, List<JsonNode> entries) {
        List<String> wrong = new ArrayList<>();
        if (!"".equals(view.get("bookmark").asText(null))) {
            wrong.add("the view has a further page (bookmark is not empty)");
        }
        if (kind != EvidencePackage.Kind.RECOGNITIONS) {
            if (entries.isEmpty()) {
                wrong.add("the view has no entries");
            }
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).get("seq").asLong() != i) {
                    wrong.add("entry " + i + " has seq " + entries.get(i).get("seq"));
                }
            }
        }
        if (kind == EvidencePackage.Kind.CASE_TIMELINE) {
            for (int i = 1; i < entries.size(); i++) {
                if (!value(entries.get(i), "from").equals(value(entries.get(i - 1), "to"))) {
                    wrong.add("step " + i + " does not start where step " + (i - 1) + " ended");
                }
            }
        }
        return Verdict.Check.of(VIEW_COMPLETE, wrong.isEmpty(), "the view is whole, " + entries.size() + " entries in order",
                String.join("; ", wrong));
    }

    /** What an entry must say, by member, given its record. */
    private static Map<String, JsonNode> expected(EvidencePackage.Kind kind, EvidenceRecord r, EvidenceBundle bundle) {
        JsonNode body = RecordCodec.toTree(r.body());
        Map<String, JsonNode> m = new LinkedHashMap<>();
        switch (kind) {
            case CASE_TIMELINE -> {
                if (r.type() == RecordType.CASE) {
                    m.put("action", TextNode.valueOf(CaseAction.RECEIVE.name()));
                    m.put("from", NullNode.getInstance());
                    m.put("to", TextNode.valueOf(CaseAction.RECEIVE.to().name()));
                } else {
                    m.put("action", body.path("action"));
                    m.put("from", body.path("from"));
                    m.put("to", body.path("to"));
                    m.put("actorRole", body.path("actorRole"));
                }
                m.put("actorOrg", TextNode.valueOf(r.org()));
                m.put("ledger.batchId", TextNode.valueOf(bundle.batch().batchId()));
                if (bundle.anchor() instanceof EvidenceBundle.EmbeddedAnchor a) {
                    m.put("ledger.txId", a.header().path("txId"));
                } else if (bundle.anchor() instanceof EvidenceBundle.FabricAnchor) {
                    // A Fabric batch is named by the transaction that wrote it, and the anchor's
                    // verifier proves that transaction is in the block.
                    m.put("ledger.txId", TextNode.valueOf(bundle.batch().batchId()));
                }
            }
            case CERTIFICATE_HISTORY -> {
                m.put("action", body.path("action"));
                m.put("status", statusAfter(body.path("action").asText()));
                m.put("reason", body.path("reason"));
            }
            case RECOGNITIONS -> {
                for (String f : List.of("targetType", "targetId", "agreementId", "itemCode", "decision", "reason")) {
                    m.put(f, body.path(f));
                }
                m.put("recognisingOrg", TextNode.valueOf(r.org()));
            }
        }
        m.put("time", TextNode.valueOf(r.time()));
        return m;
    }

    /** Whether the record is of a type the view cites, and about the package's subject. */
    private static List<String> recordProblems(EvidencePackage.Kind kind, String subject, EvidenceRecord r) {
        Set<RecordType> types = switch (kind) {
            case CASE_TIMELINE -> Set.of(RecordType.CASE, RecordType.CASE_STEP);
            case CERTIFICATE_HISTORY -> Set.of(RecordType.CERTIFICATE);
            case RECOGNITIONS -> Set.of(RecordType.RECOGNITION);
        };
        String subjectMember = switch (kind) {
            case CASE_TIMELINE -> "caseId";
            case CERTIFICATE_HISTORY -> "certificateId";
            case RECOGNITIONS -> "targetId";
        };
        List<String> wrong = new ArrayList<>();
        if (!types.contains(r.type())) {
            wrong.add("the record is a " + r.type() + ", not of a kind this view cites");
        }
        String about = RecordCodec.toTree(r.body()).path(subjectMember).asText("");
        if (!subject.equals(about)) {
            wrong.add("the record is about " + subjectMember + " '" + about + "', not " + subject);
        }
        return wrong;
    }

    private static JsonNode statusAfter(String action) {
        try {
            return TextNode.valueOf(switch (CertificateAction.valueOf(action)) {
                case ISSUE, REINSTATE -> CertificateStatus.VALID.name();
                case SUSPEND -> CertificateStatus.SUSPENDED.name();
                case REVOKE -> CertificateStatus.REVOKED.name();
            });
        } catch (IllegalArgumentException e) {
            return NullNode.getInstance();
        }
    }

    /** The members where the entry differs from what its record says. */
    private static List<String> mismatches(Map<String, JsonNode> expected, JsonNode entry) {
        List<String> wrong = new ArrayList<>();
        expected.forEach((member, want) -> {
            if (member.startsWith("ledger.") && value(entry, "ledger").isNull()) {
                // A step shown without its ledger location claims none.
                return;
            }
            JsonNode got = member.startsWith("ledger.") ? entry.path("ledger").path(member.substring(7)) : entry.path(member);
            if (!normal(got).equals(normal(want))) {
                wrong.add(member + " is " + normal(got) + " in the view but " + normal(want) + " in the record");
            }
        });
        return wrong;
    }

    private static JsonNode normal(JsonNode n) {
        return n == null || n.isMissingNode() ? NullNode.getInstance() : n;
    }

    private static JsonNode value(JsonNode entry, String member) {
        return normal(entry.path(member));
    }

    /** The view's top-level facts that follow from its records; empty where the view has none. */
    private static Optional<Verdict.Check> summary(EvidencePackage.Kind kind, JsonNode view, List<JsonNode> entries,
            Map<String, EvidenceRecord> records, PackageViews.Shape shape) {
        if (kind == EvidencePackage.Kind.RECOGNITIONS) {
            return Optional.empty();
        }
        EvidenceRecord first = entries.isEmpty() ? null : records.get(entries.get(0).get(shape.citeField()).textValue());
        RecordType firstType = kind == EvidencePackage.Kind.CASE_TIMELINE ? RecordType.CASE : RecordType.CERTIFICATE;
        if (first == null || first.type() != firstType) {
            return Optional.of(new Verdict.Check(VIEW_SUMMARY, Verdict.Outcome.NOT_CHECKED,
                    "the view's first entry has no readable " + firstType + " record"));
        }
        JsonNode body = RecordCodec.toTree(first.body());
        JsonNode last = entries.get(entries.size() - 1);
        Map<String, JsonNode> want = new LinkedHashMap<>();
        if (kind == EvidencePackage.Kind.CASE_TIMELINE) {
            for (String f : List.of("itemCode", "acceptingOrg", "homeOrg")) {
                want.put(f, body.path(f));
            }
            want.put("assisted", BooleanNode.valueOf(body.path("assisted").asBoolean(false)));
            want.put("receivedAt", TextNode.valueOf(first.time()));
            want.put("state", value(last, "to"));
        } else {
            want.put("issuerOrg", TextNode.valueOf(first.org()));
            want.put("caseId", body.path("caseId"));
            want.put("status", value(last, "status"));
        }
        List<String> wrong = mismatches(want, view);
        return Optional.of(Verdict.Check.of(VIEW_SUMMARY, wrong.isEmpty(),
                "the view's " + String.join(", ", want.keySet()) + " follow from the records",
                String.join("; ", wrong)));
    }
}
