package org.alliance.ledger.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.alliance.ledger.cli.fabric.FabricIdentityIssuer;
import org.alliance.ledger.core.codec.Hex;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.crypto.Keys;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every leaf command: {@code --help}, access to the streams, and the input helpers
 * (files or standard input, keys, hex options) with uniform error messages.
 *
 * <p>Subclasses implement {@link #run()} and report problems by throwing {@link CliFailure} or a
 * core exception; {@link ErrorHandler} turns those into one line and an exit status.
 */
public abstract class CliCommand implements Callable<Integer> {
    /** The picocli model of this command, injected by picocli. */
    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean helpRequested;

    /**
     * Runs the command.
     *
     * @return the exit status, normally {@link ExitCodes#OK}
     * @throws Exception any failure; mapped to an exit status by {@link ErrorHandler}
     */
    protected abstract int run() throws Exception;

    /**
     * Runs the command and flushes its output.
     *
     * @return the exit status
     * @throws Exception any failure of {@link #run()}
     */
    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } finally {
            io().out().flush();
        }
    }

    /**
     * Returns the streams of this invocation.
     *
     * @return the streams the root {@link LedgerCli} was created with
     */
    protected CliIo io() {
        if (spec.root().userObject() instanceof LedgerCli cli) {
            return cli.io();
        }
        throw new IllegalStateException("command is not running under LedgerCli");
    }

    /**
     * Returns the command's name under the root, as typed: {@code "bulk build"}.
     *
     * @return the name
     */
    protected String commandName() {
        return spec.qualifiedName(" ").substring(spec.root().name().length()).strip();
    }

    /**
     * Prints one line of text on standard output.
     *
     * @param line the text
     */
    protected void println(String line) {
        io().out().println(line);
    }

    /**
     * Reads a whole input: the file, or standard input when {@code file} is absent or {@code -}.
     *
     * @param file the path, or {@code null}
     * @return the bytes
     * @throws CliFailure if the file cannot be read
     */
    protected byte[] readInput(Path file) {
        try {
            return isStdin(file) ? io().in().readAllBytes() : Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CliFailure.input("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw CliFailure.input("cannot read " + (isStdin(file) ? "standard input" : file.toString()) + ": " + e, e);
        }
    }

    /**
     * Reads an input that must be UTF-8 text.
     *
     * @param file the path, or {@code null} for standard input
     * @return the text
     * @throws CliFailure if unreadable or not UTF-8
     */
    protected String readText(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(readInput(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CliFailure.input(describe(file) + " is not UTF-8 text", e);
        }
    }

    /**
     * Reads a PEM private key file.
     *
     * @param file the key file
     * @return the key
     * @throws CliFailure if unreadable or not an accepted key
     */
    protected PrivateKey readPrivateKey(Path file) {
        return readKey(file, Keys::readPrivateKeyPem);
    }

    /**
     * Reads a PEM public key or X.509 certificate file.
     *
     * @param file the key or certificate file
     * @return the public key
     * @throws CliFailure if unreadable or not an accepted key
     */
    protected PublicKey readPublicKey(Path file) {
        return readKey(file, Keys::readPublicKeyPem);
    }

    /**
     * Reads a PEM X.509 certificate file.
     *
     * @param file the certificate file
     * @return the certificate
     * @throws CliFailure if unreadable or not a certificate
     */
    protected X509Certificate readCertificate(Path file) {
        try {
            return FabricIdentityIssuer.readCertificatePem(readText(file));
        } catch (CryptoException e) {
            throw CliFailure.input(file + ": " + e.getMessage(), e);
        }
    }

    private <K> K readKey(Path file, Function<String, K> parser) {
        String pem = readText(file);
        try {
            return parser.apply(pem);
        } catch (CryptoException e) {
            throw CliFailure.input("key " + describe(file) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes the hex value of an option.
     *
     * @param option the option name, for the message
     * @param value the hex text
     * @param expectedBytes required decoded length, or -1 for any
     * @return the bytes
     * @throws CliFailure if the value is not hex or has the wrong length
     */
    protected static byte[] hexOption(String option, String value, int expectedBytes) {
        try {
            return expectedBytes < 0 ? Hex.decode(value) : Hex.decode(value, expectedBytes);
        } catch (IllegalArgumentException e) {
            throw CliFailure.input(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether a path means standard input.
     *
     * @param file the path, or {@code null}
     * @return true for {@code null} and {@code -}
     */
    protected static boolean isStdin(Path file) {
        return file == null || file.toString().equals("-");
    }

    private static String describe(Path file) {
        return isStdin(file) ? "standard input" : file.toString();
    }
}
