/** IMI identity checks (ARCHITECTURE §5): settings shared by the sub-packages. */
package org.alliance.ledger.service.identity;
