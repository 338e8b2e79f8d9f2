package org.alliance.ledger.core.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliance.ledger.core.codec.JsonInputException;

/**
 * The members of each exportable view, as {@code identity-service}'s audit views serve them.
 *
 * <p>Every member is either checked against a record by {@link PackageVerifier} or named in
 * {@link Shape#computed()}, so a view member unknown here is refused rather than passed along
 * unverified and unmentioned.
 */
final class PackageViews {
    /** The ledger location of a timeline step. */
    private static final Set<String> LEDGER_MEMBERS = Set.of("txId", "batchId");

    private static final Shape TIMELINE = new Shape(
            Set.of("caseId", "itemCode", "acceptingOrg", "homeOrg", "state", "assisted", "receivedAt", "timeLimitDays",
                    "deadline", "overdue", "asOf", "steps", "bookmark"),
            Set.of("completedAt"), "caseId", "steps",
            Set.of("seq", "action", "to", "actorOrg", "actorRole", "time", "durationSeconds", "recordId"),
            Set.of("from", "ledger"), "recordId",
            List.of("timeLimitDays", "deadline", "overdue", "asOf", "completedAt", "steps[].durationSeconds",
                    "steps[0].actorRole (the receipt's role is the submitter's, which the CASE record does not carry)",
                    "steps[].ledger.txId (unless the anchor is an embedded block header or a Fabric block)"));
    private static final Shape HISTORY = new Shape(
            Set.of("certificateId", "status", "issuerOrg", "caseId", "itemCode", "history", "bookmark"), Set.of(),
            "certificateId", "history", Set.of("seq", "recordId", "action", "status", "time"), Set.of("reason"), "recordId",
            List.of("itemCode (the case's item, not in the certificate records)"));
    private static final Shape RECOGNITIONS = new Shape(Set.of("targetId", "recognitions", "bookmark"), Set.of(),
            "targetId", "recognitions",
            Set.of("recognitionId", "targetType", "targetId", "recognisingOrg", "issuingOrg", "agreementId", "itemCode",
                    "decision", "time"),
            Set.of("reason"), "recognitionId",
            List.of("recognitions[].issuingOrg (the target's issuer, not in the recognition record)"));

    private PackageViews() {
    }

    /**
     * The members of one kind of view.
     *
     * @param required top-level members that must be present
     * @param optional top-level members that may be present
     * @param subjectField the member that names the subject
     * @param listName the member holding the entries
     * @param entryRequired entry members that must be present
     * @param entryOptional entry members that may be present
     * @param citeField the entry member naming the cited record
     * @param computed members the exporting service computes, which no record can confirm
     */
    record Shape(Set<String> required, Set<String> optional, String subjectField, String listName,
            Set<String> entryRequired, Set<String> entryOptional, String citeField, List<String> computed) {
    }

    /**
     * The members of a kind of view.
     *
     * @param kind the kind
     * @return its shape
     */
    static Shape shape(EvidencePackage.Kind kind) {
        return switch (kind) {
            case CASE_TIMELINE -> TIMELINE;
            case CERTIFICATE_HISTORY -> HISTORY;
            case RECOGNITIONS -> RECOGNITIONS;
        };
    }

    /**
     * Requires a view of the kind's shape: known members only, the entries an array of objects,
     * each citing a record by a string id.
     *
     * @param kind the kind
     * @param view the view
     * @throws JsonInputException if the shape is wrong
     */
    static void checkShape(EvidencePackage.Kind kind, JsonNode view) {
        Shape s = shape(kind);
        ContainerJson.object(view, "view", s.required(), s.optional());
        ContainerJson.text(view, "view", s.subjectField());
        JsonNode list = view.get(s.listName());
        if (!list.isArray()) {
            throw new JsonInputException(JsonInputException.Kind.MALFORMED, "view." + s.listName() + " must be an array");
        }
        String what = "view." + s.listName() + "[]";
        for (JsonNode e : list) {
            ContainerJson.object(e, what, s.entryRequired(), s.entryOptional());
            ContainerJson.text(e, what, s.citeField());
            if (s.entryRequired().contains("seq")) {
                ContainerJson.count(e, what, "seq");
            }
            JsonNode ledger = e.get("ledger");
            if (ledger != null && !ledger.isNull()) {
                ContainerJson.object(ledger, what + ".ledger", LEDGER_MEMBERS, Set.of());
                ContainerJson.text(ledger, what + ".ledger", "txId");
                ContainerJson.text(ledger, what + ".ledger", "batchId");
            }
        }
    }

    /**
     * The view's entries, each citing one record.
     *
     * @param kind the kind
     * @param view a view of that kind's shape
     * @return the entries in order
     */
    static List<JsonNode> entries(EvidencePackage.Kind kind, JsonNode view) {
        List<JsonNode> out = new ArrayList<>();
        view.get(shape(kind).listName()).forEach(out::add);
        return out;
    }
}
