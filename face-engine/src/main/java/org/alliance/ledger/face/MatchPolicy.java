package org.alliance.ledger.face;

/**
 * The "same person" decision rule of the embedding model.
 *
 * @param modelId the embedding model's id
 * @param threshold the cosine similarity at or above which two faces are the same person
 * @param falseMatchRate the false-match rate measured at that threshold
 * @param falseNonMatchRate the false-non-match rate measured at that threshold
 */
public record MatchPolicy(String modelId, double threshold, double falseMatchRate, double falseNonMatchRate) {
}
