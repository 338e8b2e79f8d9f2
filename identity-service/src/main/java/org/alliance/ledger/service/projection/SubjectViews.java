package org.alliance.ledger.service.projection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.RecordType;
import org.alliance.ledger.core.rules.AgreementView;
import org.alliance.ledger.core.rules.CaseTimeline;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.core.rules.RecognitionView;
import org.alliance.ledger.core.state.Page;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The views of single subjects from the read model: a case's timeline, a certificate, an
 * agreement, a target's recognitions. Each is read from its projection in one transaction, unless
 * this service holds a write of the subject the projection has not passed yet, or no projected
 * batch has touched it yet: then it is read from the ledger by key, which already has or is about
 * to have that write, so a view never shows a subject as it was before a write acknowledged here.
 * Views for writes (the next step's state) always read the ledger and the outbox instead.
 */
@Service
public class SubjectViews {
    private static final String RECOGNITION_CURSOR = "r1:";

    private final ProjectionStore store;
    private final EvidenceLedger ledger;

    SubjectViews(ProjectionStore store, @Qualifier("evidenceLedger") EvidenceLedger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /**
     * A case's timeline, judged against {@code asOf}.
     *
     * @param caseId the case
     * @param asOf the time to judge an open case against
     * @return the timeline
     * @throws RuleException UNKNOWN_CASE
     */
    @Transactional(readOnly = true)
    public CaseTimeline timeline(String caseId, Instant asOf) {
        return projected(SubjectKind.TIMELINE, caseId, CaseTimeline.class)
                .map(t -> new CaseTimeline(t.status(), t.steps(), asOf.toString(), CaseRow.of(t.status()).overdue(asOf)))
                .orElseGet(() -> ledger.caseTimeline(caseId, asOf));
    }

    /**
     * A certificate's status and history.
     *
     * @param certificateId the certificate
     * @return the certificate
     * @throws RuleException UNKNOWN_CERTIFICATE
     */
    @Transactional(readOnly = true)
    public CertificateView certificate(String certificateId) {
        return projected(SubjectKind.CERTIFICATE, certificateId, CertificateView.class)
                .orElseGet(() -> ledger.certificate(certificateId));
    }

    /**
     * An agreement with its versions and signatures, if the ledger knows it.
     *
     * @param agreementId the agreement
     * @return the agreement, or empty if it is unknown
     */
    @Transactional(readOnly = true)
    public Optional<AgreementView> agreement(String agreementId) {
        Optional<AgreementView> projected = projected(SubjectKind.AGREEMENT, agreementId, AgreementView.class);
        return projected.isPresent() ? projected
                : RuleException.absentIf(ErrorCode.UNKNOWN_AGREEMENT, () -> ledger.agreement(agreementId));
    }

    /**
     * The agreements the projection has seen, each with its versions (as {@link #agreement}
     * reads them), in id order; an agreement proposed since the last projected batch is not among
     * them yet.
     *
     * @return the agreements
     */
    @Transactional(readOnly = true)
    public List<AgreementView> agreements() {
        return store.subjectIds(SubjectKind.AGREEMENT).stream().flatMap(id -> agreement(id).stream()).toList();
    }

    /**
     * Recognitions of an approval (by case id) or a certificate, in recognition id order.
     *
     * @param targetId the case or certificate
     * @param pageSize at most this many
     * @param bookmark the previous page's bookmark, or empty
     * @return one page
     * @throws IllegalArgumentException if the bookmark is not one of this view's
     */
    @Transactional(readOnly = true)
    public Page<RecognitionView> recognitions(String targetId, int pageSize, String bookmark) {
        String after = afterRecognition(bookmark);
        List<RecognitionView> rows;
        if (store.hasUnprojectedWrites(RecordType.CASE.subjectKind() + "/" + targetId)
                || store.hasUnprojectedWrites(RecordType.CERTIFICATE.subjectKind() + "/" + targetId)) {
            rows = new ArrayList<>();
            String from = "";
            do {
                Page<RecognitionView> page = ledger.recognitions(targetId, 1000, from);
                page.items().stream().filter(v -> after == null || v.recognitionId().compareTo(after) > 0).forEach(rows::add);
                from = page.bookmark();
            } while (!from.isEmpty() && rows.size() <= pageSize);
            rows = rows.subList(0, Math.min(rows.size(), pageSize + 1));
        } else {
            rows = store.recognitions(targetId, after, pageSize + 1).stream()
                    .map(json -> RecordCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), RecognitionView.class)).toList();
        }
        boolean more = rows.size() > pageSize;
        List<RecognitionView> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page, more ? recognitionBookmark(page.get(page.size() - 1).recognitionId()) : "");
    }

    private <T> Optional<T> projected(SubjectKind kind, String id, Class<T> type) {
        if (store.hasUnprojectedWrites(kind.subject(id))) {
            return Optional.empty();
        }
        return store.subject(kind, id).map(json -> RecordCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), type));
    }

    private static String recognitionBookmark(String recognitionId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((RECOGNITION_CURSOR + recognitionId).getBytes(StandardCharsets.UTF_8));
    }

    private static String afterRecognition(String bookmark) {
        if (bookmark == null || bookmark.isEmpty()) {
            return null;
        }
        String s = new String(Base64.getUrlDecoder().decode(bookmark), StandardCharsets.UTF_8);
        if (!s.startsWith(RECOGNITION_CURSOR)) {
            throw new IllegalArgumentException("not a bookmark of this view");
        }
        return s.substring(RECOGNITION_CURSOR.length());
    }
}
