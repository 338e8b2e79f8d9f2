/**
 * Server-side pieces of the kiosk pages ({@code static/kiosk.html}, {@code static/verify.html}):
 * the QR code that takes a person from a kiosk result to the attestation's verification page.
 */
package org.alliance.ledger.service.kiosk;
