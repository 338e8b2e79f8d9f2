package org.alliance.ledger.service.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.alliance.ledger.core.ledger.EvidenceLedger;
import org.alliance.ledger.core.record.Member;
import org.alliance.ledger.core.rules.AgreementVersionView;
import org.alliance.ledger.core.rules.RulesConfig;
import org.alliance.ledger.core.rules.WorkingDayCalendar;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;

/**
 * Reads of the agreement in force that building a record needs (an issuer's region code for a new
 * certificate id), failing with the codes the rules use for the same situation when the record
 * cannot be built without them.
 */
public final class AgreementLookup {
    private AgreementLookup() {
    }

    /**
     * The version of an agreement in force.
     *
     * @param ledger the ledger
     * @param agreementId the agreement
     * @return the active version
     * @throws RuleException UNKNOWN_AGREEMENT or AGREEMENT_NOT_ACTIVE
     */
    public static AgreementVersionView active(EvidenceLedger ledger, String agreementId) {
        return ledger.agreement(agreementId).active().orElseThrow(() -> new RuleException(ErrorCode.AGREEMENT_NOT_ACTIVE,
                "agreement " + agreementId + " has no version in force"));
    }

    /**
     * A member of an agreement.
     *
     * @param agreement the agreement version
     * @param mspId the org
     * @return the member
     * @throws RuleException NOT_A_MEMBER
     */
    public static Member member(AgreementVersionView agreement, String mspId) {
        return agreement.terms().member(mspId).orElseThrow(() -> new RuleException(ErrorCode.NOT_A_MEMBER,
                mspId + " is not a member of agreement " + agreement.agreementId()));
    }

    /**
     * The working-day calendar of an agreement in force, as the rules build it for deadlines: the
     * rules' holidays and make-up days plus the agreement's own holidays.
     *
     * @param ledger the ledger
     * @param rules the rules' configuration
     * @param agreementId the agreement
     * @return the calendar
     * @throws RuleException UNKNOWN_AGREEMENT or AGREEMENT_NOT_ACTIVE
     */
    public static WorkingDayCalendar calendar(EvidenceLedger ledger, RulesConfig rules, String agreementId) {
        Set<LocalDate> holidays = new HashSet<>(rules.holidays());
        active(ledger, agreementId).terms().holidays().forEach(h -> holidays.add(LocalDate.parse(h)));
        return new WorkingDayCalendar(rules.zone(), holidays, rules.extraWorkingDays());
    }

    /**
     * The working days left before an open case's deadline (negative once past it), in its
     * agreement's calendar; null for a case without a deadline yet or already completed, or
     * whose agreement is no longer in force.
     *
     * @param ledger the ledger
     * @param agreementId the case's agreement
     * @param deadline the case's deadline, RFC 3339, or null
     * @param completedAt when the case was completed, or null while open
     * @param now the time asked about
     * @return the working days left, or null
     */
    public static Integer workingDaysLeft(EvidenceLedger ledger, String agreementId, String deadline,
            String completedAt, Instant now) {
        if (deadline == null || completedAt != null) {
            return null;
        }
        try {
            return calendar(ledger, RulesConfig.defaults(), agreementId).workingDaysLeft(now, Instant.parse(deadline));
        } catch (RuleException e) {
            return null;
        }
    }
}
