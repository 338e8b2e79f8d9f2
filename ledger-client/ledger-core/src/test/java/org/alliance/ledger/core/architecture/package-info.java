/** The architecture rules: package cycles, checked with ArchUnit, and a fixture that breaks them on purpose. */
package org.alliance.ledger.core.architecture;
