package org.alliance.ledger.service.names;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/names}: the display names of the member orgs and catalogue items (with their
 * materials and home-region rules) of the agreements in force, and which items each offers, in the request's language ({@code lang} or {@code Accept-Language}; zh-CN
 * unless English is asked for). Public: the pages, the public verification page among them, show
 * names instead of MSP ids and item codes, and the names are no secret.
 */
@RestController
class NamesController {
    private final DisplayNames names;

    NamesController(DisplayNames names) {
        this.names = names;
    }

    /**
     * The names in the request's language.
     *
     * @param locale the request's language, as the service resolved it
     * @return the names
     */
    @GetMapping("/api/names")
    @Operation(summary = "Display names of member orgs (by MSP id), catalogue items, their materials and home-region "
            + "rules (by code) of the agreements in force, and each agreement's item codes, in the request's language "
            + "(lang or Accept-Language; zh-CN by default)")
    DisplayNames.Names names(Locale locale) {
        return names.names(locale);
    }
}
