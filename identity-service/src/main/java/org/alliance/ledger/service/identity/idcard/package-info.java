/**
 * ID card checks: GB 11643 numbers, province codes, validity periods and name normalisation.
 * Nothing here ever logs or echoes an ID number or a name.
 */
package org.alliance.ledger.service.identity.idcard;
