/**
 * The service's refusals as RFC 9457 problem documents with a {@code reason} code:
 * {@link org.alliance.ledger.service.problem.ApiException} for a refusal thrown anywhere, and
 * {@link org.alliance.ledger.service.problem.Problems} for one written where no MVC handler runs (a
 * filter, the security chain, Tomcat's error report). Below both the web and the security
 * packages, so each can refuse without depending on the other.
 */
package org.alliance.ledger.service.problem;
