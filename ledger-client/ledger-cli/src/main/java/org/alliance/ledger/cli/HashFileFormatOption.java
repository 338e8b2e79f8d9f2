package org.alliance.ledger.cli;

import org.alliance.ledger.cli.bulk.LeafInput;
import picocli.CommandLine.Option;

/** The {@code --format} option of the commands that read or write a file of certificate hashes (mixin). */
public final class HashFileFormatOption {
    @Option(names = "--format", paramLabel = "FORM", defaultValue = "hex",
            description = {"hex: one 64-digit hex hash per line; binary: 32-byte records back to back",
                "(default: ${DEFAULT-VALUE})."})
    private String format;

    /**
     * Returns the chosen form.
     *
     * @return the form
     * @throws CliFailure for an unknown form
     */
    public LeafInput.Format get() {
        return switch (format) {
            case "hex" -> LeafInput.Format.HEX;
            case "binary" -> LeafInput.Format.BINARY;
            default -> throw CliFailure.input("--format: expected hex or binary but got '" + format + "'", null);
        };
    }
}
