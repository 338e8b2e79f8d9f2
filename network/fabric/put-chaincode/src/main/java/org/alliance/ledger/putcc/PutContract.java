package org.alliance.ledger.putcc;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Stores a value under a key and reads it back, with no rule, signature or index: the cost of a
 * Fabric transaction itself, against which the evidence contract's cost is measured.
 */
@Contract(name = "put", info = @Info(title = "trivial put", version = "1.0"))
@Default
public final class PutContract implements ContractInterface {

    /**
     * Writes one key.
     *
     * @param ctx the transaction context
     * @param key the key
     * @param value the value, stored as UTF-8
     */
    @Transaction(name = "Put", intent = Transaction.TYPE.SUBMIT)
    public void put(Context ctx, String key, String value) {
        ctx.getStub().putStringState(key, value);
    }

    /**
     * Reads one key.
     *
     * @param ctx the transaction context
     * @param key the key
     * @return the value, or the empty string when the key is absent
     */
    @Transaction(name = "Get", intent = Transaction.TYPE.EVALUATE)
    public String get(Context ctx, String key) {
        String value = ctx.getStub().getStringState(key);
        return value == null ? "" : value;
    }
}
