package org.alliance.ledger.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.alliance.ledger.core.record.CaseAction;
import org.alliance.ledger.core.record.Role;
import org.alliance.ledger.service.testkit.Api;
import org.alliance.ledger.service.testkit.ServiceTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The security rules of a case's steps come from {@link CaseAction}'s table: every action has its
 * endpoint, every development user whose role does not own the action is refused 403 there, and the
 * owner gets through to the handler (which refuses the unknown case or the empty filing itself).
 */
class CaseRolesTest extends ServiceTestBase {
    private static final List<Role> PEOPLE = List.of(Role.APPLICANT, Role.CLERK, Role.APPROVER, Role.ISSUER,
            Role.AUDITOR, Role.ADMIN);

    @Test
    void onlyTheRoleThatOwnsAnActionInTheTableMayTakeIt() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (CaseAction action : CaseAction.values()) {
            String path = action == CaseAction.RECEIVE ? "/api/cases"
                    : "/api/cases/case-unknown/" + action.externalName();
            for (Role role : PEOPLE) {
                MockHttpServletResponse response = api.post(role.externalName(), path, "{}").andReturn().getResponse();
                String reason = Api.json(response.getContentAsString()).path("reason").asText();
                boolean owner = role == action.role();
                boolean refused = response.getStatus() == 403 && reason.equals("FORBIDDEN");
                // The owner reaches the handler: neither refused nor sent to a missing endpoint.
                boolean handled = !refused && !List.of("NOT_FOUND", "METHOD_NOT_ALLOWED").contains(reason);
                if (owner ? !handled : !refused) {
                    wrong.add(action + " as " + role + ": " + response.getStatus() + " " + reason);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void casesAreListedByTheDesksAndTheAuditorAndReadByTheAdminToo() throws Exception {
        for (Role role : PEOPLE) {
            int list = api.get(role.externalName(), "/api/cases").andReturn().getResponse().getStatus();
            JsonNode one = Api.json(api.get(role.externalName(), "/api/cases/case-unknown").andReturn().getResponse()
                    .getContentAsString());
            boolean desk = CaseAction.roles().contains(role);
            assertThat(list).as("list as %s", role).isEqualTo(desk || role == Role.AUDITOR ? 200 : 403);
            assertThat(one.path("reason").asText()).as("read as %s", role)
                    .isEqualTo(role == Role.APPLICANT ? "FORBIDDEN" : "UNKNOWN_CASE");
        }
    }
}
