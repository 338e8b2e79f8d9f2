package org.alliance.ledger.fabric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Recognises the rules' refusals in Fabric errors. The chaincode fails a refused transaction with
 * the message {@code CODE: explanation}; the gateway passes that message on inside its own
 * wording ({@code chaincode response 500, CODE: explanation}), in the status description or in
 * the per-peer details, but not the chaincode's payload. So the code is found by its shape and
 * accepted only if it names an {@link ErrorCode}.
 */
final class Refusals {
    private static final Pattern CODE = Pattern.compile("(?:^|[\\s,:(])([A-Z][A-Z_]+): (.*)", Pattern.DOTALL);

    private Refusals() {
    }

    /**
     * The rules' refusal carried by a gateway error, if there is one.
     *
     * @param e the gateway error
     * @param transactionId the transaction, named in the message
     * @return the refusal, with the gateway error as its cause
     */
    static Optional<RuleException> refusal(GatewayException e, String transactionId) {
        List<String> messages = new ArrayList<>();
        for (ErrorDetail d : e.getDetails()) {
            messages.add(d.getMessage());
        }
        messages.add(e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription());
        for (String message : messages) {
            Optional<RuleException> found = parse(message, transactionId, e);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Finds {@code CODE: explanation} in a message, for the first CODE that is an error code. */
    static Optional<RuleException> parse(String message, String transactionId, Throwable cause) {
        Matcher m = CODE.matcher(message);
        int from = 0;
        while (m.find(from)) {
            try {
                ErrorCode code = ErrorCode.valueOf(m.group(1));
                String explanation = m.group(2).strip();
                return Optional.of(new RuleException(code, explanation + " (transaction " + transactionId + ")", cause));
            } catch (IllegalArgumentException notACode) {
                from = m.start(1) + 1;
            }
        }
        return Optional.empty();
    }
}
