package org.alliance.ledger.face;

/**
 * A detected face's bounding box in image pixels.
 *
 * @param x left edge
 * @param y top edge
 * @param width width
 * @param height height
 * @param score detector confidence
 */
public record FaceBox(int x, int y, int width, int height, double score) {
}
