/**
 * Storage: Flyway migrations, SM4-GCM encryption of personal data at rest, and its retention purge.
 */
package org.alliance.ledger.service.storage;
