package org.alliance.ledger.service.storage;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.alliance.ledger.service.config.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Encrypted personal data of identity checks: written with the check, readable until its
 * retention ends, then deleted by {@link #purgeExpired()}.
 */
@Component
public class PiiStore {
    /** File name of the generated development key in the data directory. */
    public static final String DEV_KEY_FILE = "storage.key";
    private static final Logger LOG = LoggerFactory.getLogger(PiiStore.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final PiiCipher cipher;

    /**
     * Creates the store.
     *
     * @param jdbc the database
     * @param clock the clock for retention
     * @param properties the storage settings
     * @param dataDirectory where a development key is kept
     */
    public PiiStore(JdbcClient jdbc, Clock clock, StorageProperties properties, DataDirectory dataDirectory) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = new PiiCipher(properties.encryptionKey() != null
                ? org.alliance.ledger.core.codec.Hex.decode(properties.encryptionKey())
                : dataDirectory.secret(DEV_KEY_FILE, PiiCipher.KEY_BYTES));
    }

    /**
     * One item of personal data.
     *
     * @param kind what it is, for example {@code ID_NUMBER} or {@code FRAME}
     * @param seq its position among items of the same kind
     * @param plaintext the data
     */
    public record Item(String kind, int seq, byte[] plaintext) {
    }

    /**
     * Encrypts and stores a check's personal data; call inside the check's transaction.
     *
     * @param checkId the check
     * @param items the data
     * @param purgeAfter when the data must be deleted
     */
    public void store(String checkId, List<Item> items, Instant purgeAfter) {
        for (Item item : items) {
            PiiCipher.Sealed sealed = cipher.seal(item.plaintext(), context(checkId, item.kind(), item.seq()));
            jdbc.sql("insert into pii_blob (check_id, kind, seq, iv, ciphertext, purge_after) values (?, ?, ?, ?, ?, ?)")
                    .params(checkId, item.kind(), item.seq(), sealed.iv(), sealed.ciphertext(), Timestamps.of(purgeAfter))
                    .update();
        }
    }

    /**
     * Decrypts a check's stored personal data, for investigations within the retention period.
     *
     * @param checkId the check
     * @return the items still held, in kind and sequence order
     */
    public List<Item> read(String checkId) {
        return jdbc.sql("select kind, seq, iv, ciphertext from pii_blob where check_id = ? order by kind, seq")
                .param(checkId)
                .query((rs, n) -> new Item(rs.getString("kind"), rs.getInt("seq"),
                        cipher.open(new PiiCipher.Sealed(rs.getBytes("iv"), rs.getBytes("ciphertext")),
                                context(checkId, rs.getString("kind"), rs.getInt("seq")))))
                .list();
    }

    /**
     * Deletes every blob whose retention has ended.
     *
     * @return how many were deleted
     */
    @Transactional
    @Scheduled(fixedDelayString = "${alliance.storage.purge-interval:PT1H}", initialDelayString = "PT1M")
    public int purgeExpired() {
        int deleted = jdbc.sql("delete from pii_blob where purge_after <= ?").param(Timestamps.of(clock.instant())).update();
        if (deleted > 0) {
            LOG.info("purged {} expired personal-data blob(s)", deleted);
        }
        return deleted;
    }

    /** The cipher, for the other stores of personal data under the same key. */
    PiiCipher cipher() {
        return cipher;
    }

    private static String context(String checkId, String kind, int seq) {
        return checkId + "/" + kind + "/" + seq;
    }
}
