package org.alliance.ledger.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.alliance.ledger.cli.progress.ProgressMode;
import org.alliance.ledger.core.crypto.HashAlgorithm;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Entry point of {@code ledger-cli}. To add a command, write a {@link CliCommand} subclass and add
 * its class to the {@code subcommands} list below.
 */
@Command(name = "ledger-cli", mixinStandardHelpOptions = true, version = "ledger-cli 0.1.0",
        description = "Alliance evidence ledger tools: hashes, Merkle proofs, signatures and Fabric enrollment.",
        footer = {"", "Exit status: 0 ok, 1 signature or proof invalid, 2 usage or input error, 70 internal error."},
        subcommands = {
            HashCommand.class,
            MerkleCommand.class,
            CheckpointCommand.class,
            BulkCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            VerifyBundleCommand.class,
            TrustCommand.class,
            DemoCommand.class,
            FabricCommand.class,
            AllianceCommand.class,
        })
public final class LedgerCli implements Runnable {
    private final CliIo io;

    @Spec
    private CommandSpec spec;

    /**
     * Creates the root command bound to some streams.
     *
     * @param io the streams every command uses
     */
    public LedgerCli(CliIo io) {
        this.io = Objects.requireNonNull(io, "io");
    }

    /**
     * Returns the streams of this invocation.
     *
     * @return the streams
     */
    public CliIo io() {
        return io;
    }

    /** Called when no command was named: that is a usage error. */
    @Override
    public void run() {
        throw missingSubcommand(spec);
    }

    /**
     * Builds the configured picocli command line.
     *
     * @param io the streams
     * @return the command line, ready to {@code execute}
     */
    public static CommandLine commandLine(CliIo io) {
        CommandLine commandLine = new CommandLine(new LedgerCli(io));
        ErrorHandler errors = new ErrorHandler();
        commandLine.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.registerConverter(HashAlgorithm.class, converter(HashAlgorithm::fromId));
        commandLine.registerConverter(SignatureAlgorithm.class, converter(SignatureAlgorithm::fromId));
        commandLine.registerConverter(ProgressMode.class, converter(ProgressMode::parse));
        return commandLine;
    }

    /**
     * Runs one invocation.
     *
     * @param io the streams
     * @param args the arguments
     * @return the exit status, see {@link ExitCodes}
     */
    public static int execute(CliIo io, String... args) {
        int code = commandLine(io).execute(args);
        io.out().flush();
        io.err().flush();
        return code;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(execute(CliIo.system(), args));
    }

    /**
     * The error for a command group invoked without one of its commands.
     *
     * @param spec the group's model
     * @return the exception to throw
     */
    static ParameterException missingSubcommand(CommandSpec spec) {
        return new ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    private static <T> ITypeConverter<T> converter(Function<String, T> parse) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }
}
