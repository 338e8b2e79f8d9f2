package org.alliance.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alliance.ledger.core.rules.Caller;
import org.alliance.ledger.core.error.ErrorCode;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.core.error.RuleException;
import org.hyperledger.fabric.contract.Context;
import org.junit.jupiter.api.Test;

class CallerResolverTest {
    private final FakeLedger ledger = new FakeLedger();

    /** Resolves through a real Context, so the shim parses the certificate as on a peer. */
    private Caller resolve(byte[] creator) {
        return CallerResolver.resolve(new Context(ledger.begin(creator, true).stub).getClientIdentity());
    }

    private static void assertWrongRole(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(
                RuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_ROLE));
    }

    @Test
    void roleComesFromTheCertificateAttribute() {
        Caller caller = resolve(TestIdentities.withRole("ZhangzhouMSP", "approver"));
        assertThat(caller.mspId()).isEqualTo("ZhangzhouMSP");
        assertThat(caller.role()).isEqualTo(Role.APPROVER);
        assertThat(caller.clientId()).startsWith("x509::").contains("CN=user1");
    }

    @Test
    void attributeWinsOverTheAdminNodeOu() {
        byte[] creator = TestIdentities.serialized(
                "Org1MSP", "CN=Admin,OU=admin", "{\"attrs\":{\"alliance.role\":\"auditor\"}}");
        assertThat(resolve(creator).role()).isEqualTo(Role.AUDITOR);
    }

    @Test
    void roleNamesAreCaseInsensitive() {
        assertThat(resolve(TestIdentities.withRole("Org1MSP", "Issuer")).role()).isEqualTo(Role.ISSUER);
    }

    @Test
    void withoutTheAttributeAnAdminNodeOuIsAdmin() {
        assertThat(resolve(TestIdentities.withoutRole("Org1MSP", "CN=Admin@org1,OU=admin")).role())
                .isEqualTo(Role.ADMIN);
        // Fabric CA certificates carry several OUs; the NodeOU may be any of them.
        assertThat(resolve(TestIdentities.withoutRole("Org1MSP", "CN=Admin@org1,OU=org1+OU=admin")).role())
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void withoutTheAttributeOtherIdentitiesHaveNoRole() {
        byte[] client = TestIdentities.withoutRole("Org1MSP", "CN=user2,OU=client");
        assertWrongRole(() -> resolve(client));
        // NodeOU identifiers are compared exactly, as Fabric's MSP does.
        byte[] lookalike = TestIdentities.withoutRole("Org1MSP", "CN=user3,OU=Admins");
        assertWrongRole(() -> resolve(lookalike));
        // Attributes that are not the role do not grant one.
        byte[] otherAttrs = TestIdentities.serialized("Org1MSP", "CN=u,OU=client", "{\"attrs\":{\"hf.Type\":\"client\"}}");
        assertWrongRole(() -> resolve(otherAttrs));
    }

    @Test
    void unknownRoleValuesAreRefused() {
        byte[] creator = TestIdentities.withRole("Org1MSP", "superuser");
        assertWrongRole(() -> resolve(creator));
    }
}
