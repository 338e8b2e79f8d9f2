/**
 * Helpers of the bulk anchoring commands that do not depend on the command classes: reading a
 * file of certificate hashes as leaf records.
 */
package org.alliance.ledger.cli.bulk;
