package org.alliance.ledger.core.rules;

import org.alliance.ledger.core.record.CertificateAction;
import org.alliance.ledger.core.record.CertificateStatus;

/**
 * One change of a certificate, stored under a {@code certh} key.
 *
 * @param seq the entry number, 0 for the issue
 * @param recordId the record of the change
 * @param action the action
 * @param status the status after it
 * @param reason the reason, if any
 * @param time the record time, RFC 3339
 */
public record CertificateHistoryEntry(int seq, String recordId, CertificateAction action,
        CertificateStatus status, String reason, String time) {
}
