package org.alliance.ledger.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The optional positional {@code FILE} of commands that read one input (mixin). */
public final class InputFileParameter {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Input file; standard input when absent or '-'.")
    private Path file;

    /**
     * Returns the input path.
     *
     * @return the path, or {@code null} for standard input
     */
    public Path file() {
        return file;
    }
}
