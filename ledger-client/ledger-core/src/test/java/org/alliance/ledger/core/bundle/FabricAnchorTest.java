package org.alliance.ledger.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliance.ledger.core.codec.JsonInputException;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The Fabric anchor's carried parts, and the org CA certificates a trust directory holds for it. */
class FabricAnchorTest {
    private static final List<EvidenceBundle.FabricAnchor.Consenter> CONSENTERS = List.of(
            new EvidenceBundle.FabricAnchor.Consenter(1, "ZhangzhouMSP", "-----BEGIN CERTIFICATE-----\n..."));

    @Test
    void theBlockIsCarriedCompressedAndComesBackWhole() {
        byte[] block = new byte[200_000];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i % 7);
        }
        EvidenceBundle.FabricAnchor a = EvidenceBundle.FabricAnchor.of("evidence", "evidence", "tx1", 5, 0, block, CONSENTERS);
        assertThat(a.content().get("block").asText().length()).isLessThan(block.length / 10);
        EvidenceBundle.FabricAnchor read = new EvidenceBundle.FabricAnchor(a.toJson());
        assertThat(read.block()).isEqualTo(block);
        assertThat(read.consenters()).isEqualTo(CONSENTERS);
    }

    @Test
    void aBlockThatInflatesBeyondTheLimitIsRefusedWithoutInflatingIt() {
        byte[] bomb = new byte[EvidenceBundle.FabricAnchor.MAX_BLOCK_BYTES + 1];
        EvidenceBundle.FabricAnchor a = EvidenceBundle.FabricAnchor.of("evidence", "evidence", "tx1", 5, 0, bomb, CONSENTERS);
        assertThat(a.content().get("block").asText().length()).isLessThan(EvidenceBundle.MAX_BYTES);
        assertThatThrownBy(a::block).isInstanceOf(JsonInputException.class).hasMessageContaining("inflates to more than");
        ObjectNode notGzip = (ObjectNode) a.content();
        notGzip.put("block", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> new EvidenceBundle.FabricAnchor(notGzip).block()).isInstanceOf(JsonInputException.class)
                .hasMessageContaining("not base64 gzip");
        notGzip.putArray("consenters").addObject().put("id", -1);
        assertThatThrownBy(() -> new EvidenceBundle.FabricAnchor(notGzip).consenters()).isInstanceOf(JsonInputException.class)
                .hasMessageContaining("anchor.consenters[].id");
    }

    @Test
    void aTrustDirectoryKeepsItsCaCertificatesWholeAndNamesTheirOrgs() throws Exception {
        String ca = certificatePem(true);
        String leaf = certificatePem(false);
        TrustStore trust = TrustStore.fromPems(Map.of("ZhangzhouMSP.ca.pem", ca, "ChaozhouMSP.node.pem", leaf,
                "ShantouMSP.pem", Keys.toPem(Keys.generate(SignatureAlgorithm.SM2).getPublic())));
        assertThat(trust.orgs()).containsExactly("ChaozhouMSP", "ShantouMSP", "ZhangzhouMSP");
        assertThat(trust.caOrgs()).containsExactly("ZhangzhouMSP");
        assertThat(trust.caCertificates("ZhangzhouMSP")).singleElement()
                .satisfies(c -> assertThat(c.getBasicConstraints()).isGreaterThanOrEqualTo(0));
        assertThat(trust.caCertificates("ChaozhouMSP")).isEmpty();
        assertThat(trust.keys("ChaozhouMSP")).hasSize(1);
    }

    private static String certificatePem(boolean isCa) throws Exception {
        KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256);
        X500Name subject = new X500Name("O=zhangzhou.alliance,CN=" + (isCa ? "ca" : "peer0"));
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        }
        return out.toString();
    }
}
