package org.alliance.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures onto Fabric's error channel. The peer returns a {@link ChaincodeException}'s
 * message and payload to the client, so the message is {@code CODE: explanation} for people and
 * the payload is the bare code name for programs. Nothing else reaches the client: unexpected
 * failures are logged here with their stack trace and reported as {@value #INTERNAL}.
 */
public final class ChaincodeErrors {
    /** The payload of a failure that is not a refusal by the rules, such as a bug. */
    public static final String INTERNAL = "INTERNAL";

    private static final Logger LOG = LoggerFactory.getLogger(ChaincodeErrors.class);

    private ChaincodeErrors() {
    }

    /**
     * The Fabric form of a refusal.
     *
     * @param refusal the rules' refusal
     * @return an exception whose message is {@code CODE: message} and whose payload is the code name
     */
    public static ChaincodeException toChaincode(RuleException refusal) {
        String code = refusal.code().name();
        return new ChaincodeException(code + ": " + refusal.getMessage(), code.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs a transaction body and translates its failures.
     *
     * @param transaction the transaction name, for the log
     * @param body the body
     * @param <T> the result type
     * @return the body's result
     * @throws ChaincodeException for every failure
     */
    public static <T> T translate(String transaction, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuleException e) {
            LOG.debug("{} refused: {}", transaction, e.toString());
            throw toChaincode(e);
        } catch (ChaincodeException e) {
            throw e;
        } catch (RuntimeException e) {
            // Never hand internals to the client; the operator finds them in the chaincode log.
            LOG.error("{} failed unexpectedly", transaction, e);
            throw new ChaincodeException(
                    INTERNAL + ": " + transaction + " failed unexpectedly; see the chaincode log",
                    INTERNAL.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Parses client input, turning any parse failure into {@link ErrorCode#MALFORMED_INPUT}. A
     * {@link RuleException} from the parser keeps its own, more precise code.
     *
     * @param what what is being parsed, for the message
     * @param parser the parse step
     * @param <T> the parsed type
     * @return the parsed value
     * @throws RuleException if the input cannot be parsed
     */
    public static <T> T parse(String what, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RuleException(ErrorCode.MALFORMED_INPUT, "cannot parse " + what, e);
        }
    }
}
