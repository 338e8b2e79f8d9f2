package org.alliance.ledger.service.library;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.alliance.ledger.service.web.Idempotent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/library}: the certificate library's root and proofs (public), and the recording of
 * its checkpoint on the ledger (admin).
 */
@RestController
class LibraryController {
    private final LibraryService library;

    /**
     * Creates the controller.
     *
     * @param library the library service
     */
    LibraryController(LibraryService library) {
        this.library = library;
    }

    /**
     * Public: the library's size, root and the ledger record of its checkpoint.
     *
     * @return the view
     */
    @GetMapping("/api/library")
    @Operation(summary = "Public: the certificate library's hash algorithm, size and RFC 6962 root, and where that "
            + "checkpoint is recorded on the ledger; 404 LIBRARY_NOT_CONFIGURED when the service serves none")
    @ApiResponse(responseCode = "200", description = "证照库的算法、大小与根 / the library's algorithm, size and root")
    @ApiResponse(responseCode = "404", description = "本服务未提供证照库 / the service serves no library (LIBRARY_NOT_CONFIGURED)")
    public LibraryView view() {
        return library.view();
    }

    /**
     * Public: the inclusion proof of one certificate.
     *
     * @param certificateHash the certificate's hash
     * @param index the leaf index
     * @return the proof
     */
    @GetMapping("/api/library/proof")
    @Operation(summary = "Public: the inclusion proof of one certificate of the library, by its hash or its leaf "
            + "index (exactly one), as ledger-cli bulk verify reads it; 404 NOT_IN_LIBRARY when it is not there")
    @ApiResponse(responseCode = "200", description = "包含证明 / the inclusion proof")
    @ApiResponse(responseCode = "404", description = "证照不在库中，或未提供证照库 / not in the library, or no library (NOT_IN_LIBRARY, LIBRARY_NOT_CONFIGURED)")
    @ApiResponse(responseCode = "422", description = "证照库未按哈希建索引 / the library has no index by hash (LIBRARY_NOT_INDEXED)")
    public LibraryProof proof(
            @Parameter(description = "The certificate's 32-byte hash (the leaf data), 64 hex digits",
                    schema = @Schema(implementation = String.class, pattern = "^[0-9a-fA-F]{64}$"))
            @RequestParam(required = false) String certificateHash,
            @Parameter(description = "The certificate's zero-based leaf index", example = "0",
                    schema = @Schema(implementation = Long.class, minimum = "0"))
            @RequestParam(required = false) Long index) {
        return library.proof(certificateHash, index);
    }

    /**
     * Records the library's checkpoint on the ledger.
     *
     * @return the view with the record's progress
     */
    @PostMapping("/api/library/checkpoint")
    @Operation(summary = "Record the library's checkpoint (size, root, algorithm) on the ledger as a signed "
            + "LOG_CHECKPOINT of the library's log id, through the outbox (admin); recording it again answers the "
            + "record already there")
    @Idempotent
    public LibraryView recordCheckpoint() {
        return library.recordCheckpoint();
    }
}
