/**
 * Helpers of the bulk anchoring commands that do not depend on the command classes: reading a
 * file of certificate hashes as leaf records, and reporting progress.
 */
package org.alliance.ledger.cli.bulk;
