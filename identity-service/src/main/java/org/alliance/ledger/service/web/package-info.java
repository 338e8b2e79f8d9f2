/** HTTP plumbing shared by the API: RFC 7807 problems with machine-readable reasons. */
package org.alliance.ledger.service.web;
