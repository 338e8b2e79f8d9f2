package org.alliance.ledger.service.web;

import java.util.Map;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.record.DocumentHash;
import org.alliance.ledger.core.record.ReasonCode;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.service.problem.ApiException;
import org.alliance.ledger.service.storage.OffLedgerNotes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A reason as the APIs take it, a code from the fixed list with an optional note in words, turned
 * into what the record carries: the code, and the hash of the note, which is kept off the ledger
 * ({@link OffLedgerNotes}). The code itself is checked by the record (UNKNOWN_REASON).
 */
@Component
public class ReasonNotes {
    private final OffLedgerNotes notes;

    /**
     * Creates the helper.
     *
     * @param notes the off-ledger note store
     */
    public ReasonNotes(OffLedgerNotes notes) {
        this.notes = notes;
    }

    /**
     * Keeps a note, if there is one, for a record about to be queued.
     *
     * @param recordId the record
     * @param reason the reason code, or null
     * @param note the note in words, or null or blank for none
     * @param alg the record's hash algorithm
     * @return the note's hash for the record, or null when there is no note
     * @throws ApiException 400 MISSING_FIELD (a note without a reason) or NOTE_TOO_LONG
     */
    public String noteHash(String recordId, String reason, String note, HashAlgorithm alg) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (reason == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "a note explains a reason code; give the "
                    + "reason too", Map.of("field", "reason"));
        }
        if (note.length() > OffLedgerNotes.MAX_LENGTH) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "NOTE_TOO_LONG", "a note is at most "
                    + OffLedgerNotes.MAX_LENGTH + " characters", Map.of("field", "note"));
        }
        return notes.keep(recordId, note.strip(), alg);
    }

    /**
     * A step's comment as the step record carries it: a {@code note:CODE} attachment whose hash is
     * of the note kept off the ledger (an empty note when only the code is given, so the hash is
     * salted all the same).
     *
     * @param recordId the step record
     * @param reason the comment's reason code
     * @param note the comment in words, or null
     * @param alg the record's hash algorithm
     * @return the attachment
     * @throws ApiException 400 MISSING_FIELD, 422 UNKNOWN_REASON, 400 NOTE_TOO_LONG
     */
    public DocumentHash stepNote(String recordId, String reason, String note, HashAlgorithm alg) {
        if (reason == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "a comment needs a reason code",
                    Map.of("field", "reason"));
        }
        if (!ReasonCode.isCode(reason)) {
            throw RuleProblems.of(ErrorCode.UNKNOWN_REASON, "reason must be one of " + ReasonCode.names());
        }
        String text = note == null ? "" : note;
        String tagged = text.isBlank() ? notes.keep(recordId, "", alg) : noteHash(recordId, reason, text, alg);
        return new DocumentHash(DocumentHash.NOTE_PREFIX + reason, alg.id(), tagged.substring(tagged.indexOf(':') + 1));
    }
}
