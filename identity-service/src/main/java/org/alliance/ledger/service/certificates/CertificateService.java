package org.alliance.ledger.service.certificates;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateBody;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.Fields;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.core.rules.CertificateHistoryEntry;
import org.alliance.ledger.core.rules.CertificateView;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.rules.WorkingDayCalendar;
import org.alliance.ledger.service.cases.CaseLedger;
import org.alliance.ledger.service.cases.CaseSnapshot;
import org.alliance.ledger.service.ledger.AgreementLookup;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.RecordTracker;
import org.alliance.ledger.service.storage.Timestamps;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.alliance.ledger.service.web.LedgerLocation;
import org.alliance.ledger.service.web.ReasonNotes;
import org.alliance.ledger.service.web.SerialWrites;
import org.alliance.ledger.service.projection.SubjectViews;
import org.alliance.ledger.service.site.Site;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Issues certificates, changes their status, and answers the public verification. Each record is
 * judged by the certificate rule in a dry run before it is acknowledged ({@link EvidenceWrites}:
 * issuer org, case approved, status transitions), and goes to the ledger through the outbox.
 * The verdict is always the ledger's: a certificate whose issue record is still in the outbox is
 * UNKNOWN to verifiers until it is committed.
 */
@Service
public class CertificateService {
    private final EvidenceLedger ledger;
    private final CaseLedger cases;
    private final JdbcClient jdbc;
    private final CertificateProperties properties;
    private final String org;
    private final EvidenceWrites evidence;
    private final SerialWrites lane = new SerialWrites();
    /** The type part of a certificate id ({@link CertificateBody#CERTIFICATE_ID}). */
    private static final java.util.regex.Pattern TYPE_CODE = java.util.regex.Pattern.compile("[A-Z0-9]{2,16}");
    private final ReasonNotes notes;
    private final SubjectViews subjects;
    private final Site site;

    /**
     * Creates the service.
     *
     * @param ledger the ledger
     * @param cases the case view
     * @param jdbc the database (file hashes and serial numbers)
     * @param properties certificate settings
     * @param evidence the write path: outbox, record factory, clock, idempotency, this org
     * @param notes keeps a reason's note off the ledger
     * @param subjects the projected certificate views, for verdicts
     * @param site the certificate types this region issues
     */
    public CertificateService(EvidenceLedger ledger, CaseLedger cases, JdbcClient jdbc, CertificateProperties properties,
            EvidenceWrites evidence, ReasonNotes notes, SubjectViews subjects, Site site) {
        this.site = site;
        this.notes = notes;
        this.subjects = subjects;
        this.ledger = ledger;
        this.cases = cases;
        this.jdbc = jdbc;
        this.properties = properties;
        this.evidence = evidence;
        this.org = evidence.org();
    }

    /**
     * What an issue asks for.
     *
     * @param caseId the approved case
     * @param typeCode the certificate type code
     * @param validFrom first valid day, ISO date; today when absent
     * @param validTo last valid day, ISO date; unlimited when absent
     * @param certificateId an explicit id (for example from a paper register); generated when absent
     */
    public record IssueRequest(String caseId, String typeCode, String validFrom, String validTo, String certificateId) {
    }

    /**
     * Issues a certificate for an approved case of this region.
     *
     * @param request what to issue
     * @param file the certificate file
     * @return the certificate and its ledger status
     */
    public CertificateChange issue(IssueRequest request, MultipartFile file) {
        CertificateFile upload = CertificateFile.read(file, properties.maxFileSize().toBytes());
        return evidence.write(lane, Role.ISSUER, () -> issueRecord(request, upload), record -> {
            CertificateBody body = (CertificateBody) record.record().body();
            jdbc.sql("insert into certificate_file (certificate_id, case_id, sha256, sm3, media_type, created_at) "
                            + "values (?, ?, ?, ?, ?, ?)")
                    .params(body.certificateId(), body.caseId(), upload.sha256(), upload.sm3(), upload.mediaType(),
                            Timestamps.of(evidence.clock().instant()))
                    .update();
            return issued(record);
        });
    }

    /**
     * Suspends, reinstates or revokes a certificate this region issued.
     *
     * @param certificateId the certificate
     * @param action SUSPEND, REINSTATE or REVOKE
     * @param request the reason code (required to suspend or revoke) and an optional note
     * @return the change and its ledger status
     */
    public CertificateChange change(String certificateId, CertificateAction action,
            ChangeRequest request) {
        return evidence.write(lane, Role.ISSUER, () -> changeRecord(certificateId, action, request), this::issued);
    }

    /**
     * The public status of a certificate.
     *
     * @param certificateId the certificate
     * @return the verdict, UNKNOWN if the ledger does not know it
     */
    public CertificateVerdict status(String certificateId) {
        return viewed(certificateId).map(this::verdict)
                .orElseGet(() -> CertificateVerdict.unknown(certificateId, "NOT_ON_LEDGER"));
    }

    /**
     * The public verdict about an uploaded certificate file.
     *
     * @param file the file
     * @param certificateId the id printed on it, if the verifier has it; otherwise the file is
     *     looked up among the certificates this region issued
     * @return the verdict
     */
    public CertificateVerdict verify(MultipartFile file, String certificateId) {
        CertificateFile upload = CertificateFile.read(file, properties.maxFileSize().toBytes());
        String id = certificateId;
        if (id == null || id.isBlank()) {
            Optional<String> local = jdbc.sql("select certificate_id from certificate_file where sha256 = ? order by created_at")
                    .param(upload.sha256()).query(String.class).list().stream().findFirst();
            if (local.isEmpty()) {
                return CertificateVerdict.unknown(null, "FILE_NOT_RECOGNISED");
            }
            id = local.get();
        }
        Optional<CertificateView> view = viewed(id);
        if (view.isEmpty()) {
            return CertificateVerdict.unknown(id, "NOT_ON_LEDGER");
        }
        DocumentHash expected = view.get().state().fileHash();
        if (!expected.hash().equals(upload.hash(HashAlgorithm.fromId(expected.alg())))) {
            return CertificateVerdict.unknown(id, "FILE_MISMATCH");
        }
        return verdict(view.get());
    }

    /** The certificate as a verifier sees it, from the read model. */
    private Optional<CertificateView> viewed(String certificateId) {
        return known(() -> subjects.certificate(certificateId));
    }

    /** The certificate as the next write sees it, from the ledger. */
    private Optional<CertificateView> onLedger(String certificateId) {
        return known(() -> ledger.certificate(certificateId));
    }

    private static Optional<CertificateView> known(java.util.function.Supplier<CertificateView> read) {
        try {
            return Optional.of(read.get());
        } catch (RuleException e) {
            if (e.code() == ErrorCode.UNKNOWN_CERTIFICATE || e.code() == ErrorCode.MALFORMED_INPUT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private CertificateVerdict verdict(CertificateView view) {
        var s = view.state();
        CertificateHistoryEntry issue = view.history().get(0);
        var stored = ledger.record(issue.recordId()).orElseThrow();
        LocalDate today = LocalDate.ofInstant(evidence.clock().instant(), WorkingDayCalendar.ALLIANCE_ZONE);
        boolean within = !today.isBefore(LocalDate.parse(s.validFrom()))
                && (s.validTo() == null || !today.isAfter(LocalDate.parse(s.validTo())));
        return new CertificateVerdict(s.certificateId(), s.status().name(), s.reason(), s.statusTime(), s.typeCode(),
                s.validFrom(), s.validTo(), within,
                new CertificateVerdict.Provenance(s.issuerOrg(), s.caseId(), s.itemCode(), issue.time(), issue.recordId(),
                        LedgerLocation.of(stored)),
                "/api/evidence/" + issue.recordId() + "/bundle");
    }

    /**
     * The issue record: the holder and the agreement come from the case, the id from this org's
     * region and serial numbers unless given. Whether this org may issue for the case, whether the
     * case is approved, and whether the id fits the issuer's region is the rules' decision in the
     * dry run.
     */
    private SignedRecord issueRecord(IssueRequest r, CertificateFile upload) {
        String caseId = SerialWrites.required("caseId", r.caseId());
        String typeCode = SerialWrites.required("typeCode", r.typeCode());
        // The type is the first part of a certificate id; checked before it reaches the serial table.
        Fields.matching("typeCode", typeCode, TYPE_CODE);
        site.certificateType(typeCode);
        CaseSnapshot c = cases.find(caseId).orElseThrow(() ->
                new RuleException(ErrorCode.UNKNOWN_CASE, "case " + caseId + " does not exist"));
        Instant now = evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        String id = r.certificateId() != null ? r.certificateId() : newId(typeCode, regionCode(c.agreementId()), now);
        HashAlgorithm alg = evidence.records().signatureAlgorithm().hash();
        String validFrom = r.validFrom() != null ? r.validFrom()
                : LocalDate.ofInstant(now, WorkingDayCalendar.ALLIANCE_ZONE).toString();
        CertificateBody body = new CertificateBody(CertificateAction.ISSUE, id, typeCode, caseId, c.subjectRef(),
                new DocumentHash("certificate-file", alg.id(), upload.hash(alg)), validFrom, r.validTo(), null);
        return evidence.records().create(id + "/issue", now, null, body);
    }

    /**
     * A status change record, chained to the certificate's latest record. Whether this org issued
     * the certificate and whether the change may follow its status is the rules' decision in the
     * dry run.
     */
    private SignedRecord changeRecord(String certificateId, CertificateAction action,
            ChangeRequest request) {
        Chain chain = chain(certificateId);
        if (chain.head() == null) {
            throw new RuleException(ErrorCode.UNKNOWN_CERTIFICATE, "certificate " + certificateId + " does not exist");
        }
        String id = certificateId + "/" + action.name().toLowerCase(Locale.ROOT) + "-" + chain.records() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        String noteHash = notes.noteHash(id, request.reason(), request.note(),
                evidence.records().signatureAlgorithm().hash());
        CertificateBody body = new CertificateBody(action, certificateId, null, null, null, null, null, null,
                request.reason(), noteHash);
        return evidence.records().create(id, evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS), chain.head(),
                body);
    }

    /**
     * A certificate's record chain as the next record must see it: the ledger's, then this
     * service's records of it still in the outbox.
     *
     * @param head the hash of the latest record, the next record's {@code prev}; null if none
     * @param records how many records the chain has, for the next record's id
     */
    private record Chain(String head, int records) {
    }

    private Chain chain(String certificateId) {
        List<OutboxEntry> unsettled = evidence.tracker().unsettled(certificateId + "/");
        Optional<CertificateView> view = onLedger(certificateId);
        List<String> held = view.map(v -> v.history().stream().map(CertificateHistoryEntry::recordId).toList())
                .orElse(List.of());
        String head = held.isEmpty() ? null : evidence.tracker().committedHash(held.get(held.size() - 1));
        int records = view.map(v -> v.state().historyCount()).orElse(0);
        for (SignedRecord r : RecordTracker.onTop(unsettled, Set.copyOf(held))) {
            head = RecordCodec.taggedHash(r.record());
            records++;
        }
        return new Chain(head, records);
    }

    /** This org's region code prefix in the agreement (for example 3506); ids pad it to six digits. */
    private String regionCode(String agreementId) {
        return AgreementLookup.member(AgreementLookup.active(ledger, agreementId), org).regionCode();
    }

    private String newId(String typeCode, String regionPrefix, Instant now) {
        int year = LocalDate.ofInstant(now, WorkingDayCalendar.ALLIANCE_ZONE).getYear();
        int updated = jdbc.sql("update certificate_serial set last_serial = last_serial + 1 where type_code = ? and issue_year = ?")
                .params(typeCode, year).update();
        if (updated == 0) {
            jdbc.sql("insert into certificate_serial (type_code, issue_year, last_serial) values (?, ?, 1)")
                    .params(typeCode, year).update();
        }
        long serial = jdbc.sql("select last_serial from certificate_serial where type_code = ? and issue_year = ?")
                .params(typeCode, year).query(Long.class).single();
        String region6 = (regionPrefix + "000000").substring(0, 6);
        return String.format(Locale.ROOT, "%s-%s-%d-%06d", typeCode, region6, year, serial);
    }

    private CertificateChange issued(SignedRecord record) {
        return CertificateChange.of(record, evidence.tracker().progress(record.record().id()).orElseThrow());
    }


}
