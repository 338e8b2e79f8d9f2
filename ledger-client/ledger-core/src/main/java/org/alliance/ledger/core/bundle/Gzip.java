package org.alliance.ledger.core.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip for the parts of a bundle that are carried compressed, inflated with a bound. */
final class Gzip {
    private Gzip() {
    }

    static byte[] compress(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Inflates gzip data.
     *
     * @throws IllegalArgumentException if it is not gzip, or inflates to more than {@code maxBytes}
     */
    static byte[] decompress(byte[] gzip, int maxBytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            // One byte over the bound is enough to know the data is too large; a bomb never inflates further.
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                throw new IllegalArgumentException("inflates to more than " + maxBytes + " bytes");
            }
            return data;
        } catch (IOException e) {
            throw new IllegalArgumentException("not gzip data: " + e.getMessage(), e);
        }
    }
}
