package org.alliance.ledger.core.rules;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.error.RuleException;
import org.alliance.ledger.core.rules.Registry.Membership;

/**
 * Whether a record's signing key belongs to its org. The keys an org has registered in the
 * active agreements it belongs to always count; agreement records may also use a key that the
 * proposal they concern lists for the org, which is how the first agreement bootstraps the
 * alliance and how an amendment rotates keys.
 */
final class SigningKeys {
    private SigningKeys() {
    }

    /**
     * Refuses a record whose key is not registered for its org.
     *
     * @param c the record
     * @param proposedKeys keys the relevant agreement proposal lists for the org (empty for
     *     records other than agreements)
     */
    static void require(RecordContext c, Collection<String> proposedKeys) {
        Set<String> allowed = new HashSet<>(proposedKeys);
        var entry = c.registry().org(c.org());
        entry.ifPresent(e -> e.memberships().stream().map(Membership::signingKeys).forEach(allowed::addAll));
        if (entry.isEmpty() && proposedKeys.isEmpty()) {
            throw new RuleException(ErrorCode.NOT_A_MEMBER, c.org() + " is not a member of any active agreement");
        }
        if (!allowed.contains(c.signed().signature().publicKey())) {
            throw new RuleException(ErrorCode.UNKNOWN_SIGNING_KEY,
                    "record " + c.record().id() + " is signed with a key " + c.org() + " has not registered");
        }
    }
}
