package org.alliance.ledger.face.dlib;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the primitives of dlib's {@code serialize()} format ({@code dlib/serialize.h}): integers
 * as a control byte (low nibble = byte count, bit 7 = negative) followed by that many
 * little-endian magnitude bytes; strings as such an integer length and the bytes; floats as an
 * integer mantissa and exponent ({@code float_details}); booleans as the character {@code '0'} or
 * {@code '1'}; and DNN tensors ({@code dlib/cuda/tensor.h}) as version 2, four dimensions and
 * little-endian IEEE floats.
 */
public final class DlibReader {
    /** float_details' exponent markers for the special values. */
    private static final int IS_INF = 32000;
    private static final int IS_NINF = 32001;
    private static final int IS_NAN = 32002;
    private static final int MAX_STRING = 1 << 16;
    private static final long MAX_TENSOR = 1L << 28;

    private final InputStream in;
    private long position;

    /**
     * A reader over a stream (buffer it; the reader reads byte by byte).
     *
     * @param in the serialised bytes
     */
    public DlibReader(InputStream in) {
        this.in = in;
    }

    /**
     * The offset of the next byte, for error messages.
     *
     * @return bytes read so far
     */
    public long position() {
        return position;
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("dlib file ends at byte " + position);
        }
        position++;
        return b;
    }

    /**
     * Insists that nothing follows: a file with trailing bytes is not the object that was read.
     *
     * @throws IOException if a byte remains
     */
    public void expectEnd() throws IOException {
        if (in.read() >= 0) {
            throw new IOException("unexpected data after byte " + position);
        }
    }

    /**
     * Reads a signed or unsigned integer of up to eight bytes.
     *
     * @return the value
     * @throws IOException if the stream ends or the control byte is invalid
     */
    public long readLong() throws IOException {
        int control = next();
        int size = control & 0x0F;
        if (size == 0 || size > 8 || (control & 0x70) != 0) {
            throw new IOException("bad integer control byte 0x" + Integer.toHexString(control) + " at byte "
                    + (position - 1));
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) next() << (8 * i);
        }
        return (control & 0x80) != 0 ? -value : value;
    }

    /**
     * Reads an integer that must fit an {@code int}.
     *
     * @return the value
     * @throws IOException if it does not
     */
    public int readInt() throws IOException {
        long value = readLong();
        if (value != (int) value) {
            throw new IOException("integer " + value + " out of range at byte " + position);
        }
        return (int) value;
    }

    /**
     * Reads a string.
     *
     * @return the string (dlib writes ASCII)
     * @throws IOException if the stream ends or the length is implausible
     */
    public String readString() throws IOException {
        long length = readLong();
        if (length < 0 || length > MAX_STRING) {
            throw new IOException("implausible string length " + length + " at byte " + position);
        }
        byte[] bytes = new byte[(int) length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) next();
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads a string and insists on its value (dlib's per-layer version tags).
     *
     * @param expected the tag
     * @throws IOException if another value is found
     */
    public void expectString(String expected) throws IOException {
        long at = position;
        String found = readString();
        if (!found.equals(expected)) {
            throw new IOException("expected \"" + expected + "\" at byte " + at + ", found \"" + found + "\"");
        }
    }

    /**
     * Reads an integer and insists on its value (dlib's structural version numbers).
     *
     * @param expected the value
     * @param what what the value is, for the message
     * @throws IOException if another value is found
     */
    public void expectInt(long expected, String what) throws IOException {
        long at = position;
        long found = readLong();
        if (found != expected) {
            throw new IOException(what + ": expected " + expected + " at byte " + at + ", found " + found);
        }
    }

    /**
     * Reads a floating-point number in the binary {@code float_details} form.
     *
     * @return the value
     * @throws IOException if the stream ends
     */
    public double readDouble() throws IOException {
        long mantissa = readLong();
        long exponent = readLong();
        if (exponent == IS_INF) {
            return Double.POSITIVE_INFINITY;
        }
        if (exponent == IS_NINF) {
            return Double.NEGATIVE_INFINITY;
        }
        if (exponent == IS_NAN) {
            return Double.NaN;
        }
        return Math.scalb((double) mantissa, (int) exponent);
    }

    /**
     * Reads one raw byte ({@code char} and {@code uint8_t} values).
     *
     * @return the byte, 0..255
     * @throws IOException if the stream ends
     */
    public int readByte() throws IOException {
        return next();
    }

    /**
     * Reads a boolean.
     *
     * @return the value
     * @throws IOException if the byte is neither {@code '0'} nor {@code '1'}
     */
    public boolean readBool() throws IOException {
        int b = next();
        if (b != '0' && b != '1') {
            throw new IOException("bad boolean byte 0x" + Integer.toHexString(b) + " at byte " + (position - 1));
        }
        return b == '1';
    }

    /**
     * Reads a DNN tensor ({@code resizable_tensor}).
     *
     * @return its shape and values
     * @throws IOException if the version or size is wrong
     */
    public Tensor readTensor() throws IOException {
        expectInt(2, "tensor version");
        long[] shape = {readLong(), readLong(), readLong(), readLong()};
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IOException("negative tensor dimension at byte " + position);
            }
            size *= d;
        }
        if (size > MAX_TENSOR) {
            throw new IOException("implausible tensor size " + size + " at byte " + position);
        }
        float[] values = new float[(int) size];
        for (int i = 0; i < values.length; i++) {
            int bits = next() | next() << 8 | next() << 16 | next() << 24;
            values[i] = Float.intBitsToFloat(bits);
        }
        return new Tensor(shape, values);
    }

    /**
     * Reads an {@code alias_tensor}: a view's shape into a layer's parameter tensor.
     *
     * @return the shape (num_samples, k, nr, nc)
     * @throws IOException if the version is wrong
     */
    public long[] readAliasShape() throws IOException {
        expectInt(1, "alias_tensor version");
        return new long[] {readLong(), readLong(), readLong(), readLong()};
    }

    /**
     * Reads a column vector {@code matrix<float,0,1>} (rows, columns, then each element as a
     * float).
     *
     * @return the elements
     * @throws IOException if it is not a column or is implausibly long
     */
    public float[] readFloatColumn() throws IOException {
        long rows = readLong();
        long cols = readLong();
        // dlib writes a matrix's dimensions negated (its marker for the current format).
        rows = Math.abs(rows);
        cols = Math.abs(cols);
        if (cols != 1 && rows * cols != 0 || rows > MAX_STRING) {
            throw new IOException("expected a column vector, found " + rows + "x" + cols + " at byte " + position);
        }
        float[] values = new float[(int) rows];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) readDouble();
        }
        return values;
    }

    /**
     * A DNN tensor as dlib stores it: shape (num_samples, k, nr, nc), values row-major.
     *
     * @param shape the four dimensions
     * @param values the values
     */
    public record Tensor(long[] shape, float[] values) {
    }
}
