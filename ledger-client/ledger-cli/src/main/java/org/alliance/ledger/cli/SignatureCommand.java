package org.alliance.ledger.cli;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import picocli.CommandLine.Mixin;

/**
 * What {@code sign} and {@code verify} share: the optional {@code --alg} and the message
 * {@code FILE}. Each adds its own {@code --key}, because one takes a private key and the other a
 * public key or certificate.
 */
abstract class SignatureCommand extends CliCommand {
    @Mixin
    private SignatureAlgorithmOption algorithm;

    @Mixin
    private InputFileParameter input;

    /** The scheme of a private key, checked against {@code --alg}. */
    protected SignatureAlgorithm algorithmFor(PrivateKey key) {
        return algorithm.forKey(key);
    }

    /** The scheme of a public key, checked against {@code --alg}. */
    protected SignatureAlgorithm algorithmFor(PublicKey key) {
        return algorithm.forKey(key);
    }

    /** The message file, or {@code null} for standard input. */
    protected Path messageFile() {
        return input.file();
    }

    /** The message bytes, from {@code FILE} or standard input. */
    protected byte[] readMessage() {
        return readInput(input.file());
    }
}
