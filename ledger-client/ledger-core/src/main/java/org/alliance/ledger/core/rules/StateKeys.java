package org.alliance.ledger.core.rules;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.alliance.ledger.core.state.CompositeKey;

/** The world-state keys of DESIGN.md, built in one place. */
final class StateKeys {
    static final String RECORD = "rec";
    static final String BATCH = "batch";
    static final String AGREEMENT = "agr";
    static final String AGREEMENT_VERSION = "agrv";
    static final String CASE = "case";
    static final String STEP = "step";
    static final String CERTIFICATE = "cert";
    static final String CERTIFICATE_HISTORY = "certh";
    static final String BY_ORG = "idx-org";
    static final String BY_ITEM = "idx-item";
    static final String BY_TIME = "idx-time";
    static final String RECOGNITION = "recog";
    static final String HEAD = "head";
    static final String ORG = "org";
    static final String ITEM = "item";

    /**
     * Fixed-width UTC time, so that index keys sort in time order; {@link Instant#toString()}
     * drops zero fractions and would sort {@code 00Z} after {@code 00.5Z}.
     */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private StateKeys() {
    }

    static String record(String id) {
        return CompositeKey.of(RECORD, id);
    }

    static String batch(String id) {
        return CompositeKey.of(BATCH, id);
    }

    static String agreement(String id) {
        return CompositeKey.of(AGREEMENT, id);
    }

    static String agreementVersion(String id, int version) {
        return CompositeKey.of(AGREEMENT_VERSION, id, seq(version));
    }

    static String caseKey(String id) {
        return CompositeKey.of(CASE, id);
    }

    static String step(String caseId, int seq) {
        return CompositeKey.of(STEP, caseId, seq(seq));
    }

    static String certificate(String id) {
        return CompositeKey.of(CERTIFICATE, id);
    }

    static String certificateHistory(String id, int seq) {
        return CompositeKey.of(CERTIFICATE_HISTORY, id, seq(seq));
    }

    static String recognition(String targetId, String recognitionId) {
        return CompositeKey.of(RECOGNITION, targetId, recognitionId);
    }

    static String head(String subject) {
        return CompositeKey.of(HEAD, subject);
    }

    static String org(String mspId) {
        return CompositeKey.of(ORG, mspId);
    }

    static String item(String code) {
        return CompositeKey.of(ITEM, code);
    }

    static String sortableTime(Instant t) {
        return SORTABLE.format(t);
    }

    static Instant parseSortableTime(String s) {
        return Instant.from(SORTABLE.parse(s));
    }

    /** Zero-padded so that sequence numbers sort numerically. */
    static String seq(int n) {
        return String.format(Locale.ROOT, "%08d", n);
    }
}
