/**
 * The alliance service application. Packages are by feature: {@code identity} (checks, ID cards,
 * challenges, face engine), {@code outbox}, {@code ledger}, {@code signing}, {@code storage}, {@code web}.
 */
package org.alliance.ledger.service;
