/**
 * The auditor's read-only views: a case's timeline with durations and the deadline, the
 * overdue and due-soon cases per region and item (working days per the rules' calendar, judged with
 * the injectable clock), each catalogue item's case durations against its time limit
 * ({@link org.alliance.ledger.service.audit.CaseDurations}), a certificate's history and who
 * recognised what. The case, certificate and recognition views are paginated; each
 * can also be exported whole as an evidence package with the bundle of every record it cites
 * ({@link org.alliance.ledger.service.audit.AuditExports}), which {@code ledger-cli verify-bundle} checks offline.
 */
package org.alliance.ledger.service.audit;
