/**
 * An RFC 6962 tree of any size kept on disk as tiles, built by streaming the leaves in O(log n)
 * memory, resumable after an interruption, and serving inclusion proofs by reading a few tiles.
 *
 * <h2>Layout of a tiles directory</h2>
 *
 * <p>The layout follows the tiled transparency logs (Go's {@code sumdb/tlog} tiles, C2SP
 * tlog-tiles) with a tile height of 8:
 *
 * <ul>
 *   <li>{@code log.json}: {@code {"algorithm":"sha256","leafBytes":32,"tileHeight":8}}, written
 *       when the directory is created; a build with another algorithm is refused.
 *   <li>{@code tile/8/L/NNN}: a full tile, the 256 hashes of tree level {@code 8L} with indices
 *       {@code NNN*256} to {@code NNN*256+255}, concatenated (256 × 32 bytes). Level 0 holds the
 *       leaf hashes {@code H(0x00 || leaf)}; a hash of level {@code 8L} is the root of a complete
 *       subtree of {@code 2^(8L)} leaves. The levels between two stored levels are not stored:
 *       they are recomputed from one tile (at most 255 hashes).
 *   <li>{@code tile/8/0/pack/NNN}: the full leaf tiles (level 0) are the one exception: they are
 *       stored 256 to a file, tiles {@code NNN*256} to {@code NNN*256+255} back to back (up to 2
 *       MiB), because they are 255 of every 256 tiles and creating one file per tile costs more
 *       than hashing its 256 leaves on this kind of machine. Leaf tile {@code N} is at byte {@code
 *       (N mod 256) × 8192} of pack {@code N / 256}; exporting them as {@code tile/8/0/NNN} files
 *       gives the exact tlog layout.
 *   <li>{@code tile/8/L/NNN.p/W}: a partial tile, the first {@code W} (1 to 255) hashes of that
 *       tile, written for the tree size of a checkpoint. A partial tile stays valid for its size
 *       after the tile grows, since the tree only appends.
 *   <li>{@code NNN} is the tile index in groups of three decimal digits, every group but the last
 *       prefixed with {@code x}: index 1234067 is {@code x001/x234/067}, so that no directory
 *       holds more than 1000 entries.
 *   <li>{@code checkpoint.json}: {@code {"algorithm":"sha256","root":"<hex>","size":N}} in RFC
 *       8785 canonical form, written last by a completed build. Proofs are served for its size.
 * </ul>
 *
 * <p>Tiles are written in order, one at a time, so after a crash only the last tile written can
 * be short (a pack then ends in a torn tile, which is cut off). A build that resumes counts the full leaf tiles, takes the widest partial leaf tile
 * after them, repairs the last tile of each upper level and recomputes the few pending hashes of
 * each level from the tiles below: at most 255 tiles per level are read.
 */
package org.alliance.ledger.core.merkle.tiles;
