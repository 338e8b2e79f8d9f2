package org.alliance.ledger.core.crypto;

/** The signature schemes the ledger accepts, named as on the command line and in records. */
public enum SignatureAlgorithm {
    /** ECDSA over NIST P-256 (secp256r1) with SHA-256. */
    ECDSA_P256("ecdsa-p256", HashAlgorithm.SHA256, "secp256r1", "SHA256withECDSA"),
    /**
     * SM2 (GM/T 0003) with SM3 and the default user id {@code 1234567812345678}, as GM/T 0009 and
     * OpenSSL 3 use.
     */
    SM2("sm2", HashAlgorithm.SM3, "sm2p256v1", "SM3withSM2");

    private final String id;
    private final HashAlgorithm hash;
    private final String curveName;
    private final String jcaName;

    SignatureAlgorithm(String id, HashAlgorithm hash, String curveName, String jcaName) {
        this.id = id;
        this.hash = hash;
        this.curveName = curveName;
        this.jcaName = jcaName;
    }

    /**
     * Returns the lowercase name used on the command line and in records.
     *
     * @return the algorithm id, for example {@code sm2}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the hash the scheme signs with.
     *
     * @return the message hash algorithm
     */
    public HashAlgorithm hash() {
        return hash;
    }

    /** Returns the Bouncy Castle name of the curve. */
    String curveName() {
        return curveName;
    }

    /** Returns the JCA signature algorithm name. */
    String jcaName() {
        return jcaName;
    }

    /**
     * Looks an algorithm up by its id.
     *
     * @param id the id, for example {@code ecdsa-p256}
     * @return the algorithm
     * @throws IllegalArgumentException if no algorithm has that id
     */
    public static SignatureAlgorithm fromId(String id) {
        return AlgorithmIds.lookup(values(), SignatureAlgorithm::id, id, "signature algorithm");
    }

    /**
     * Returns the id, so that the algorithm prints as users type it.
     *
     * @return the algorithm id
     */
    @Override
    public String toString() {
        return id;
    }
}
