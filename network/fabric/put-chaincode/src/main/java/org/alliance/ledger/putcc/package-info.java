/**
 * The trivial-put chaincode: the benchmark's reference for what a Fabric transaction costs on the
 * alliance's network before the evidence contract's rules, signatures and indexes are added.
 */
package org.alliance.ledger.putcc;
