/** Service-wide settings, the data directory with its development secrets, and the clock. */
package org.alliance.ledger.service.config;
