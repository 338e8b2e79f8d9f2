/** IMI identity checks: settings shared by the sub-packages. */
package org.alliance.ledger.service.identity;
