package org.alliance.ledger.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * Sets up anchoring on a development chain ({@code geth --dev}, as {@code network/evm/up} starts
 * it), whose unlocked dev account pays: a new owner account deploys the anchor contract and
 * registers a new submitter account, and both are funded from the dev account. The submitter's
 * private key and the contract's address are written to files, which is what a service's anchoring
 * settings name.
 *
 * <p>Arguments: the node's URL and an output directory, which receives {@value #KEY_FILE} (the
 * submitter's private key, hex, readable by its owner only) and {@value #CONTRACT_FILE} (the
 * contract's address). Exits 0 when both are written.
 */
public final class DevAnchorContract {
    /** The submitter key file's name in the output directory. */
    public static final String KEY_FILE = "submitter.key";
    /** The contract address file's name in the output directory. */
    public static final String CONTRACT_FILE = "contract";
    private static final Duration RECEIPT_WAIT = Duration.ofSeconds(60);

    private DevAnchorContract() {
    }

    /**
     * Deploys and registers; see the class comment.
     *
     * @param args the node's URL and the output directory
     * @throws Exception when the node refuses, or the files cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DevAnchorContract NODE_URL OUTPUT_DIR");
        }
        Path out = Files.createDirectories(Path.of(args[1]));
        Web3j web3j = Web3j.build(new HttpService(args[0]));
        try {
            Credentials owner = funded(web3j);
            Credentials submitter = funded(web3j);
            // A legacy gas price well above a dev chain's base fee.
            StaticGasProvider gas = new StaticGasProvider(Convert.toWei("5", Convert.Unit.GWEI).toBigIntegerExact(),
                    BigInteger.valueOf(3_000_000));
            AnchorContract contract = AnchorContract.deploy(web3j, owner, gas);
            contract.registerSubmitter(owner, gas, submitter.getAddress());
            Path key = out.resolve(KEY_FILE);
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(key, Numeric.toHexStringWithPrefixZeroPadded(submitter.getEcKeyPair().getPrivateKey(), 64),
                    StandardCharsets.US_ASCII);
            Files.writeString(out.resolve(CONTRACT_FILE), contract.address(), StandardCharsets.US_ASCII);
        } finally {
            web3j.shutdown();
        }
    }

    /** A new account with 10 ether from the dev account, once the transfer is in a block. */
    private static Credentials funded(Web3j web3j) throws Exception {
        Credentials c = Credentials.create(Keys.createEcKeyPair());
        List<String> accounts = web3j.ethAccounts().send().getAccounts();
        if (accounts.isEmpty()) {
            throw new IOException("the node has no unlocked account to pay from: is it a geth --dev chain?");
        }
        var sent = web3j.ethSendTransaction(Transaction.createEtherTransaction(accounts.get(0), null, null, null,
                c.getAddress(), Convert.toWei("10", Convert.Unit.ETHER).toBigIntegerExact())).send();
        if (sent.hasError()) {
            throw new IOException("funding " + c.getAddress() + ": " + sent.getError().getMessage());
        }
        long deadline = System.nanoTime() + RECEIPT_WAIT.toNanos();
        while (web3j.ethGetTransactionReceipt(sent.getTransactionHash()).send().getTransactionReceipt().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no receipt for the funding of " + c.getAddress() + " after " + RECEIPT_WAIT);
            }
            Thread.sleep(200);
        }
        return c;
    }
}
