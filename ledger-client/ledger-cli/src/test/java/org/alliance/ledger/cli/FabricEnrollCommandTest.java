package org.alliance.ledger.cli;

import static org.alliance.ledger.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.alliance.ledger.cli.fabric.FabricIdentityIssuer;
import org.alliance.ledger.core.crypto.Keys;
import org.alliance.ledger.core.crypto.SignatureAlgorithm;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricEnrollCommandTest {
    @TempDir
    Path dir;

    private record Ca(X509Certificate cert, Path certFile, Path keyFile) {
    }

    private Ca ca(String name) throws Exception {
        return ca(name, Instant.now().minus(1, ChronoUnit.HOURS));
    }

    private Ca ca(String name, Instant notBefore) throws Exception {
        KeyPair pair = Keys.generate(SignatureAlgorithm.ECDSA_P256);
        X500Name subject = new X500Name("C=CN,ST=Fujian,L=Zhangzhou,O=zhangzhou.alliance,CN=" + name);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.TEN,
                Date.from(notBefore), Date.from(now.plus(3650, ChronoUnit.DAYS)), subject,
                pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        Path certFile = dir.resolve(name + "-cert.pem");
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(certFile))) {
            writer.writeObject(cert);
        }
        Path keyFile = Files.writeString(dir.resolve(name + "-key.pem"), Keys.toPem(pair.getPrivate()));
        return new Ca(cert, certFile, keyFile);
    }

    private static X509Certificate signcert(Path msp) throws Exception {
        return FabricIdentityIssuer.readCertificatePem(Files.readString(msp.resolve("signcerts/cert.pem")));
    }

    @Test
    void clerkCarriesTheRoleAsRawJsonInTheFabricCaExtension() throws Exception {
        Ca ca = ca("ca.zhangzhou");
        Ca tlsCa = ca("tlsca.zhangzhou");
        Path msp = dir.resolve("clerk/msp");

        String line = run("fabric", "enroll", "--ca-cert", ca.certFile().toString(), "--ca-key", ca.keyFile().toString(),
                "--tls-ca-cert", tlsCa.certFile().toString(), "--msp-id", "ZhangzhouMSP", "--name", "clerk",
                "--role", "Clerk", "--out", msp.toString()).line();

        assertThat(line).startsWith("ZhangzhouMSP CN=clerk,OU=client,O=zhangzhou.alliance").endsWith("role=clerk -> " + msp);
        X509Certificate cert = signcert(msp);
        cert.verify(ca.cert().getPublicKey());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.cert().getSubjectX500Principal());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        // getExtensionValue returns the DER OCTET STRING around extnValue; Fabric CA puts the JSON
        // bytes straight into extnValue, and the chaincode's client identity reads them from there.
        byte[] ext = cert.getExtensionValue(FabricIdentityIssuer.ATTRIBUTE_OID);
        assertThat(new String(ASN1OctetString.getInstance(ext).getOctets(), StandardCharsets.UTF_8))
                .isEqualTo("{\"attrs\":{\"alliance.role\":\"clerk\"}}");
        assertThat(cert.getNonCriticalExtensionOIDs()).contains(FabricIdentityIssuer.ATTRIBUTE_OID);

        // The key in the keystore is the certificate's key.
        var key = Keys.readPrivateKeyPem(Files.readString(msp.resolve("keystore/priv_sk")));
        byte[] message = "proposal".getBytes(StandardCharsets.UTF_8);
        byte[] signature = org.alliance.ledger.core.crypto.Signatures.sign(SignatureAlgorithm.ECDSA_P256, key, message);
        assertThat(org.alliance.ledger.core.crypto.Signatures.verify(
                SignatureAlgorithm.ECDSA_P256, cert.getPublicKey(), message, signature)).isTrue();

        assertThat(Files.readString(msp.resolve("cacerts/ca.pem"))).isEqualTo(Files.readString(ca.certFile()).replace("\r", ""));
        assertThat(FabricIdentityIssuer.readCertificatePem(Files.readString(msp.resolve("tlscacerts/tlsca.pem"))))
                .isEqualTo(tlsCa.cert());
        assertThat(Files.readString(msp.resolve("config.yaml")))
                .contains("Enable: true", "ClientOUIdentifier:", "PeerOUIdentifier:", "AdminOUIdentifier:",
                        "OrdererOUIdentifier:", "Certificate: cacerts/ca.pem", "OrganizationalUnitIdentifier: orderer");
    }

    @Test
    void signaturesAreLowSAsFabricNormalisesThem() throws Exception {
        Ca ca = ca("ca");
        BigInteger half = ((ECPublicKey) ca.cert().getPublicKey()).getParams().getOrder().shiftRight(1);
        // A random signature has a high s half of the time: 24 certificates all low-S is not chance.
        for (int i = 0; i < 24; i++) {
            Path msp = dir.resolve("orderer" + i);
            assertThat(run("fabric", "enroll", "--ca-cert", ca.certFile().toString(), "--ca-key", ca.keyFile().toString(),
                    "--msp-id", "ChaozhouMSP", "--name", "orderer0", "--ou", "orderer", "--out", msp.toString()).code())
                    .isZero();
            X509Certificate cert = signcert(msp);
            BigInteger s = ASN1Integer.getInstance(ASN1Sequence.getInstance(cert.getSignature()).getObjectAt(1)).getValue();
            assertThat(s).isLessThanOrEqualTo(half);
            assertThat(cert.getSubjectX500Principal().getName()).contains("OU=orderer");
            assertThat(cert.getExtensionValue(FabricIdentityIssuer.ATTRIBUTE_OID)).as("no role, no attribute").isNull();
        }
    }

    @Test
    void badInputIsRefusedAndWritesNothing() throws Exception {
        Ca ca = ca("ca");
        Ca other = ca("other");
        Path msp = dir.resolve("msp");
        String[] base = {"fabric", "enroll", "--ca-cert", ca.certFile().toString(), "--msp-id", "ShantouMSP",
            "--name", "approver", "--out", msp.toString()};

        assertThat(run(concat(base, "--ca-key", other.keyFile().toString())).fails(ExitCodes.USAGE).err())
                .contains("does not belong to the CA certificate");
        assertThat(run(concat(base, "--ca-key", ca.keyFile().toString(), "--role", "mayor")).fails(ExitCodes.USAGE).err())
                .contains("--role: unknown role 'mayor'");
        assertThat(run(concat(base, "--ca-key", ca.keyFile().toString(), "--ou", "member")).fails(ExitCodes.USAGE).err())
                .contains("unknown NodeOU 'member'");
        assertThat(run(concat(base, "--ca-key", ca.keyFile().toString(), "--days", "0")).fails(ExitCodes.USAGE).err())
                .contains("--days must be positive");
        assertThat(run("fabric", "enroll", "--ca-cert", ca.keyFile().toString(), "--ca-key", ca.keyFile().toString(),
                "--msp-id", "ShantouMSP", "--name", "x", "--out", msp.toString()).fails(ExitCodes.USAGE).err())
                .contains("not a PEM X.509 certificate");
        assertThat(msp).doesNotExist();

        assertThat(run(concat(base, "--ca-key", ca.keyFile().toString(), "--role", "approver")).code()).isZero();
        byte[] first = Files.readAllBytes(msp.resolve("signcerts/cert.pem"));
        assertThat(run(concat(base, "--ca-key", ca.keyFile().toString(), "--role", "approver")).fails(ExitCodes.USAGE).err())
                .contains("already holds an identity");
        assertThat(Files.readAllBytes(msp.resolve("signcerts/cert.pem"))).isEqualTo(first);
    }

    @Test
    void batchIssuesEveryLineFromOneCaOrNothing() throws Exception {
        Ca ca = ca("ca");
        Path root = dir.resolve("users");
        String lines = "# name ou role dir\n"
                + "clerk client clerk " + root.resolve("clerk") + "\n\n"
                + "auditor client auditor " + root.resolve("auditor") + "\n"
                + "admin admin - " + root.resolve("admin") + "\n";
        String[] base = {"fabric", "enroll", "--ca-cert", ca.certFile().toString(), "--ca-key", ca.keyFile().toString(),
            "--msp-id", "AuditMSP", "--batch", "-"};

        assertThat(CliRun.runWith(lines + "bad line\n", base).fails(ExitCodes.USAGE).err())
                .contains("--batch line 6: expected 'NAME OU ROLE|- DIR'");
        assertThat(CliRun.runWith(lines + "x client clerk " + root.resolve("clerk") + "\n", base)
                .fails(ExitCodes.USAGE).err()).contains("is named twice");
        assertThat(root).doesNotExist();

        CliRun ok = CliRun.runWith(lines, base);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.text().lines()).hasSize(3);
        assertThat(signcert(root.resolve("auditor")).getExtensionValue(FabricIdentityIssuer.ATTRIBUTE_OID)).isNotNull();
        X509Certificate admin = signcert(root.resolve("admin"));
        assertThat(admin.getSubjectX500Principal().getName()).startsWith("CN=admin,OU=admin");
        assertThat(admin.getExtensionValue(FabricIdentityIssuer.ATTRIBUTE_OID)).isNull();
    }

    @Test
    void identityNeverStartsBeforeItsCaBecauseFabricChecksTheChainAsOfTheIdentitysStart() throws Exception {
        // cryptogen dates its CA a few minutes back, rounded to the minute: a fresh CA whose start
        // is later than "now minus the backdating" must still give a certificate Fabric accepts.
        Ca ca = ca("young", Instant.now().minus(30, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS));
        Path msp = dir.resolve("young-msp");
        assertThat(run("fabric", "enroll", "--ca-cert", ca.certFile().toString(), "--ca-key", ca.keyFile().toString(),
                "--msp-id", "ShantouMSP", "--name", "orderer0", "--ou", "orderer", "--out", msp.toString()).code()).isZero();
        X509Certificate cert = signcert(msp);
        assertThat(cert.getNotBefore()).isEqualTo(ca.cert().getNotBefore());
        cert.checkValidity(cert.getNotBefore());
        ca.cert().checkValidity(cert.getNotBefore());
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
