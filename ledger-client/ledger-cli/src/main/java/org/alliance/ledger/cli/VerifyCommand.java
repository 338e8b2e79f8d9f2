package org.alliance.ledger.cli;

import java.nio.file.Path;
import java.security.PublicKey;
import org.alliance.ledger.core.crypto.Signatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verify}: checks a DER signature over a file or standard input. */
@Command(name = "verify", description = {"Verify the DER signature SIG over FILE (or standard input).",
    "Prints 'signature valid' and exits 0, or 'signature invalid' on standard error and exits 1."})
public final class VerifyCommand extends SignatureCommand {
    @Option(names = {"--pub", "--key"}, required = true, paramLabel = "PUB",
            description = "Public key PEM ('BEGIN PUBLIC KEY') or X.509 certificate PEM.")
    private Path keyFile;

    @Option(names = "--sig", required = true, paramLabel = "SIG", description = "The DER signature file.")
    private Path signatureFile;

    @Override
    protected int run() {
        if (isStdin(signatureFile) && isStdin(messageFile())) {
            throw CliFailure.input("the signature and the message cannot both come from standard input", null);
        }
        PublicKey key = readPublicKey(keyFile);
        byte[] signature = readInput(signatureFile);
        if (!Signatures.verify(algorithmFor(key), key, readMessage(), signature)) {
            throw CliFailure.invalid("signature invalid");
        }
        println("signature valid");
        return ExitCodes.OK;
    }
}
