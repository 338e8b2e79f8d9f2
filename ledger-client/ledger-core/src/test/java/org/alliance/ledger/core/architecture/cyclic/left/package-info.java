/** A fixture package of the architecture test. */
package org.alliance.ledger.core.architecture.cyclic.left;
