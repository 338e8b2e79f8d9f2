package org.alliance.ledger.cli;

import org.alliance.ledger.core.codec.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hash}: the digest of a file or standard input. */
@Command(name = "hash", description = "Print the hash of FILE (or standard input) as lowercase hex.")
public final class HashCommand extends CliCommand {
    @Mixin
    private HashAlgorithmOption algorithm;

    @Mixin
    private InputFileParameter input;

    @Override
    protected int run() {
        println(Hex.encode(algorithm.get().digest(readInput(input.file()))));
        return ExitCodes.OK;
    }
}
