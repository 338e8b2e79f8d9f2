package org.alliance.ledger.service.storage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.alliance.ledger.core.codec.CanonicalJson;
import org.alliance.ledger.core.codec.StrictJson;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.record.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Free-text notes kept off the ledger. A reason on the ledger is a code; what a person wrote about
 * it (which may name the holder, or quote an ID number) is stored here, encrypted under the
 * personal-data key, and deleted after {@code alliance.storage.note-retention}. The record carries
 * the note's hash, over the canonical JSON {@code {"salt":…,"text":…}} with a random salt, so the
 * kept note can be shown to be the one the record was made with, while a guess of the words
 * cannot be checked against the ledger.
 */
@Component
public class OffLedgerNotes {
    /** The longest note, in characters. */
    public static final int MAX_LENGTH = 2000;
    private static final int SALT_BYTES = 16;
    private static final Logger LOG = LoggerFactory.getLogger(OffLedgerNotes.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PiiCipher cipher;
    private final StorageProperties properties;
    private final SecureRandom random = new SecureRandom();

    /**
     * Creates the store.
     *
     * @param jdbc the database
     * @param clock the clock for retention
     * @param pii the personal-data store, whose key encrypts the notes too
     * @param properties the storage settings: the notes' retention
     */
    public OffLedgerNotes(JdbcClient jdbc, Clock clock, PiiStore pii, StorageProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = pii.cipher();
        this.properties = properties;
    }

    /**
     * Keeps a note about a record; call inside the transaction that queues the record, so a
     * refused record leaves no note behind.
     *
     * @param recordId the record the note belongs to
     * @param text the note
     * @param alg the record's hash algorithm
     * @return the note's hash {@code ALG:HEX}, for the record
     * @throws IllegalArgumentException if the note is longer than {@value #MAX_LENGTH} characters
     */
    public String keep(String recordId, String text, HashAlgorithm alg) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a note is at most " + MAX_LENGTH + " characters");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        ObjectNode sealedNote = JsonNodeFactory.instance.objectNode()
                .put("salt", Base64.getEncoder().encodeToString(salt)).put("text", text);
        byte[] canonical = CanonicalJson.canonicalize(sealedNote);
        String hash = Fields.tag(alg, alg.digest(canonical));
        PiiCipher.Sealed sealed = cipher.seal(canonical, context(recordId));
        Instant now = clock.instant();
        jdbc.sql("insert into off_ledger_note (record_id, note_hash, iv, ciphertext, purge_after, created_at) "
                        + "values (?, ?, ?, ?, ?, ?)")
                .params(recordId, hash, sealed.iv(), sealed.ciphertext(),
                        Timestamps.of(now.plus(properties.noteRetention())), Timestamps.of(now))
                .update();
        return hash;
    }

    /**
     * A note still within its retention, for an investigation.
     *
     * @param recordId the record
     * @return the note's words, if still kept
     */
    public Optional<String> read(String recordId) {
        return jdbc.sql("select iv, ciphertext from off_ledger_note where record_id = ?").param(recordId)
                .query((rs, n) -> cipher.open(new PiiCipher.Sealed(rs.getBytes("iv"), rs.getBytes("ciphertext")),
                        context(recordId)))
                .optional()
                .map(plain -> StrictJson.parseTree(plain, plain.length).path("text").asText());
    }

    /**
     * Deletes every note whose retention has ended.
     *
     * @return how many were deleted
     */
    @Transactional
    @Scheduled(fixedDelayString = "${alliance.storage.purge-interval:PT1H}", initialDelayString = "PT1M")
    public int purgeExpired() {
        int deleted = jdbc.sql("delete from off_ledger_note where purge_after <= ?")
                .param(Timestamps.of(clock.instant())).update();
        if (deleted > 0) {
            LOG.info("purged {} expired off-ledger note(s)", deleted);
        }
        return deleted;
    }

    private static String context(String recordId) {
        return "note/" + recordId;
    }
}
