package org.alliance.ledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.alliance.ledger.core.crypto.Signatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sign}: a DER signature over a file or standard input. */
@Command(name = "sign", description = {"Sign FILE (or standard input) with a P-256 or SM2 key.",
    "Writes the DER signature, raw binary, to standard output or --out."})
public final class SignCommand extends SignatureCommand {
    @Option(names = "--key", required = true, paramLabel = "KEY",
            description = "Private key PEM (PKCS#8 'BEGIN PRIVATE KEY' or SEC 1 'BEGIN EC PRIVATE KEY').")
    private Path keyFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the signature here instead of standard output.")
    private Path out;

    @Override
    protected int run() {
        PrivateKey key = readPrivateKey(keyFile);
        byte[] signature = Signatures.sign(algorithmFor(key), key, readMessage());
        if (out == null) {
            io().out().writeBytes(signature);
        } else {
            try {
                Files.write(out, signature);
            } catch (IOException e) {
                throw CliFailure.input("cannot write " + out + ": " + e, e);
            }
        }
        return ExitCodes.OK;
    }
}
