/**
 * The auditor's read-only views (issue 5): a case's timeline with durations and the deadline, the
 * overdue and due-soon cases per region and item (working days per the rules' calendar, judged with
 * the injectable clock), a certificate's history and who recognised what. All paginated.
 */
package org.alliance.ledger.service.audit;
