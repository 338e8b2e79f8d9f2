package org.alliance.ledger.service.certificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.service.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.multipart.MultipartFile;

/**
 * An uploaded certificate file: a PDF or an OFD (GB/T 33190, a ZIP container) of at most the
 * configured size, recognised by its leading bytes rather than the name or the declared type a
 * client sends, with its SHA-256 and SM3 hashes.
 *
 * @param mediaType {@code application/pdf} or {@code application/ofd}
 * @param sha256 the SHA-256 hash, hex
 * @param sm3 the SM3 hash, hex
 */
record CertificateFile(String mediaType, String sha256, String sm3) {
    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] ZIP = {'P', 'K', 3, 4};

    /**
     * Reads and checks an upload.
     *
     * @param file the part
     * @param maxBytes the size limit
     * @return the file's type and hashes
     * @throws ApiException 400 MISSING_FIELD, 413 FILE_TOO_LARGE, 415 UNSUPPORTED_FILE_TYPE
     */
    static CertificateFile read(MultipartFile file, long maxBytes) {
        if (file == null || file.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MISSING_FIELD", "file is required", Map.of("field", "file"));
        }
        if (file.getSize() > maxBytes) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "FILE_TOO_LARGE",
                    "a certificate file may be at most " + maxBytes + " bytes", Map.of("field", "file"));
        }
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
        String type;
        if (startsWith(bytes, PDF)) {
            type = "application/pdf";
        } else if (startsWith(bytes, ZIP)) {
            type = "application/ofd";
        } else {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_FILE_TYPE",
                    "a certificate file must be a PDF or an OFD document", Map.of("field", "file"));
        }
        return new CertificateFile(type, Hex.encode(HashAlgorithm.SHA256.digest(bytes)),
                Hex.encode(HashAlgorithm.SM3.digest(bytes)));
    }

    /**
     * The hash in a given algorithm.
     *
     * @param alg sha256 or sm3
     * @return hex
     */
    String hash(HashAlgorithm alg) {
        return alg == HashAlgorithm.SM3 ? sm3 : sha256;
    }

    private static boolean startsWith(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }
}
