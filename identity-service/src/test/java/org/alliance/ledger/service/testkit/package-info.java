/** Test doubles and the shared Spring test setup of the service. */
package org.alliance.ledger.service.testkit;
