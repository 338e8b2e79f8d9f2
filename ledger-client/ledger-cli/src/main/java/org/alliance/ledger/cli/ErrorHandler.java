package org.alliance.ledger.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.alliance.ledger.core.crypto.CryptoException;
import org.alliance.ledger.core.merkle.ProofException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every exception into one line on standard error and an exit status: the single place
 * where errors meet the user, so all commands report alike.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
        command.getErr().flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        int code;
        String message;
        if (e instanceof CliFailure failure) {
            code = failure.exitCode();
            message = failure.getMessage();
        } else if (e instanceof IllegalArgumentException || e instanceof CryptoException
                || e instanceof ProofException || e instanceof IOException || e instanceof UncheckedIOException) {
            // Domain exceptions of the core library all describe bad input; their messages are
            // written for users.
            code = ExitCodes.USAGE;
            message = e.getMessage();
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + e;
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(message));
        command.getErr().flush();
        return code;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
