package org.alliance.ledger.face;

/**
 * One model of the engine, as the attestation and the docs name it.
 *
 * @param role what the model does, for example {@code embedding}
 * @param name the model name
 * @param version the model version
 * @param sourcePackage the registry package it came from
 * @param sha256 the SHA-256 of the model file, lowercase hex
 * @param licence the model's licence
 */
public record ModelInfo(String role, String name, String version, String sourcePackage, String sha256, String licence) {
}
