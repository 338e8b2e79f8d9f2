package org.alliance.ledger.service.library;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.alliance.ledger.core.checkpoint.Checkpoint;
import org.alliance.ledger.core.checkpoint.SignedCheckpoint;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.Signer;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.LogCheckpointBody;
import org.alliance.ledger.core.record.RecordCodec;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.record.SignedRecord;
import org.alliance.ledger.service.outbox.OutboxEntry;
import org.alliance.ledger.service.outbox.OutboxStatus;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.web.EvidenceWrites;
import org.alliance.ledger.service.web.SerialWrites;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The library's public view and proofs, and the recording of its checkpoint on the ledger.
 *
 * <p>The checkpoint is recorded as a {@code LOG_CHECKPOINT} record: a library is an append-only
 * RFC 6962 log of certificate hashes, as the alliance log is of batch roots, and that record type
 * is the one whose rules keep such a log's checkpoints in one append-only chain (each extends the
 * previous by a consistency proof, a smaller or rewritten tree is refused) and check the
 * producer's signature against the key it registered in its agreement. {@code CHECKPOINT} does not
 * fit: its rule recomputes the root from batches on the ledger. The library's checkpoints have
 * their own log id ({@link LibraryProperties#logId()}), so they never extend or fork the alliance
 * log's chain, and the record carries no co-signatures (the rules do not require them). The record
 * id is {@code LOG-ID/size-N}, so recording the same library again finds the record there.
 */
@Service
public class LibraryService {
    private static final Pattern CERTIFICATE_HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private final CertificateLibrary library;
    private final EvidenceWrites evidence;
    private final EvidenceLedger ledger;
    private final Signer signer;
    private final String logId;
    private final SerialWrites lane = new SerialWrites();

    /**
     * Creates the service.
     *
     * @param library the tiles
     * @param properties the library settings: the log id
     * @param evidence the write path: outbox, record factory, clock, this org
     * @param ledger the ledger, for the log's head when this service has not recorded it yet
     * @param signer the service's signing key, which signs the checkpoint as the rules require
     * @throws org.alliance.ledger.core.error.RuleException if the log id is not a valid one
     */
    public LibraryService(CertificateLibrary library, LibraryProperties properties, EvidenceWrites evidence,
            EvidenceLedger ledger, Signer signer) {
        this.library = library;
        this.evidence = evidence;
        this.ledger = ledger;
        this.signer = signer;
        this.logId = Checkpoint.requireAllianceId(properties.logId() != null ? properties.logId()
                : evidence.org() + "-LIBRARY");
    }

    /**
     * The library's size and root and where its checkpoint stands on the ledger.
     *
     * @return the view
     * @throws ApiException 404 LIBRARY_NOT_CONFIGURED
     */
    public LibraryView view() {
        var checkpoint = library.checkpoint().orElseThrow(CertificateLibrary::notConfigured);
        String recordId = recordId(checkpoint.size());
        LibraryView.Recorded recorded = evidence.tracker().progress(recordId)
                .map(p -> new LibraryView.Recorded(recordId, p)).orElse(null);
        return new LibraryView(checkpoint.algorithm().id(), checkpoint.size(), Hex.encode(checkpoint.root()), logId,
                library.indexed(), recorded);
    }

    /**
     * The inclusion proof of one certificate, by its hash or by its leaf index (exactly one).
     *
     * @param certificateHash the certificate's hash (the leaf data), 64 hex digits
     * @param index the leaf index
     * @return the proof against the root {@link #view()} shows
     * @throws ApiException 404 LIBRARY_NOT_CONFIGURED or NOT_IN_LIBRARY; 400 MISSING_FIELD or
     *     BAD_FIELD naming the field; 422 LIBRARY_NOT_INDEXED for a hash in a library too large to
     *     index
     */
    public LibraryProof proof(String certificateHash, Long index) {
        library.checkpoint().orElseThrow(CertificateLibrary::notConfigured);
        if (certificateHash == null && index == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "give the certificate's hash "
                    + "(certificateHash) or its leaf index (index)", Map.of("field", "certificateHash"));
        }
        if (certificateHash != null && index != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD", "give certificateHash or index, not both",
                    Map.of("field", "index"));
        }
        if (index != null) {
            return LibraryProof.of(library.proof(index));
        }
        if (!CERTIFICATE_HASH.matcher(certificateHash).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BAD_FIELD", "certificateHash must be the certificate's "
                    + "32-byte hash as 64 hex digits", Map.of("field", "certificateHash"));
        }
        return LibraryProof.of(library.proof(library.indexOf(Hex.decode(certificateHash.toLowerCase(Locale.ROOT)))));
    }

    /**
     * Records the library's checkpoint on the ledger through the outbox, signed by this service,
     * extending the library's earlier recorded checkpoint by a consistency proof from the tiles.
     * Recording the same library again writes nothing and answers where its record stands.
     *
     * @return the view, with the record's progress
     * @throws ApiException 404 LIBRARY_NOT_CONFIGURED
     * @throws org.alliance.ledger.core.error.RuleException the rules' refusal (a smaller or other
     *     tree than the recorded one: WRONG_STATE); nothing is written
     */
    public LibraryView recordCheckpoint() {
        var checkpoint = library.checkpoint().orElseThrow(CertificateLibrary::notConfigured);
        String recordId = recordId(checkpoint.size());
        boolean recorded = evidence.tracker().progress(recordId).filter(p -> p.status() != OutboxStatus.FAILED).isPresent();
        if (recorded) {
            return view();
        }
        return evidence.write(lane, Role.ADMIN, () -> record(recordId, checkpoint.size(), checkpoint.root(),
                checkpoint.algorithm()), r -> view());
    }

    private SignedRecord record(String recordId, long size, byte[] root, HashAlgorithm alg) {
        // The chain's head: this service's latest library record that is not FAILED, whose size
        // the consistency proof starts from; else the ledger's head, if another instance wrote one
        // (then no proof can be given here and the rules say so).
        List<OutboxEntry> ours = evidence.tracker().entries(logId + "/").stream()
                .filter(e -> e.status() != OutboxStatus.FAILED).toList();
        String prev;
        long previousSize = 0;
        if (ours.isEmpty()) {
            prev = ledger.subjectHead(LogCheckpointBody.subject(logId)).orElse(null);
        } else {
            SignedRecord last = ours.getLast().signedRecord();
            prev = RecordCodec.taggedHash(last.record());
            previousSize = ((LogCheckpointBody) last.record().body()).treeSize();
        }
        List<String> proof = previousSize >= 1 && previousSize < size
                ? library.consistencyProof(previousSize).stream().map(Hex::encode).toList() : List.of();
        Instant time = evidence.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Checkpoint checkpoint = Checkpoint.of(logId, evidence.org(), size, root, alg, time);
        LogCheckpointBody body = new LogCheckpointBody(logId, size, checkpoint.root(), alg.id(),
                SignedCheckpoint.sign(checkpoint, signer).signature(), List.of(), proof);
        return evidence.records().create(recordId, time, prev, body);
    }

    private String recordId(long size) {
        return LogCheckpointBody.recordId(logId, size);
    }
}
