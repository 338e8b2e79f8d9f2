package org.alliance.ledger.service.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alliance.ledger.service.problem.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class SiteTest {
    private static final SiteProperties.Window WINDOW_3 = new SiteProperties.Window("ZZ-WINDOW-03", "3 号窗口", "Window 3");
    private static final SiteProperties.CertificateType PENSION = new SiteProperties.CertificateType("SIT01",
            "参保缴费凭证", "Contribution certificate", List.of("SOCIAL-INS-TRANSFER"));

    @Test
    void namesAreGivenInTheAskedLanguageAndItemsProposeTheirType() {
        Site site = new Site(new SiteProperties(List.of(WINDOW_3), List.of(PENSION)));
        assertThat(site.windows(Locale.SIMPLIFIED_CHINESE)).containsExactly(Map.entry("ZZ-WINDOW-03", "3 号窗口"));
        assertThat(site.windows(Locale.forLanguageTag("fr"))).containsEntry("ZZ-WINDOW-03", "3 号窗口");
        assertThat(site.certificateTypes(Locale.ENGLISH)).containsEntry("SIT01", "Contribution certificate");
        assertThat(site.itemCertificateTypes()).containsEntry("SOCIAL-INS-TRANSFER", "SIT01");
        assertThat(site.window("ZZ-WINDOW-03")).isEqualTo("ZZ-WINDOW-03");
        assertThat(site.certificateType("SIT01")).isEqualTo("SIT01");
    }

    @Test
    void aCodeTheSiteLacksIsRefusedNamingWhatItHas() {
        Site site = new Site(new SiteProperties(List.of(WINDOW_3), List.of(PENSION)));
        assertThatThrownBy(() -> site.window("ZZ-WINDOW-04")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(e.reason()).isEqualTo("UNKNOWN_WINDOW");
            assertThat(e.getMessage()).contains("ZZ-WINDOW-03");
        });
        assertThatThrownBy(() -> site.certificateType("BL01")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.reason()).isEqualTo("UNKNOWN_CERTIFICATE_TYPE"));
        Site empty = new Site(new SiteProperties(null, null));
        assertThatThrownBy(() -> empty.window("ZZ-WINDOW-03")).hasMessageContaining("its windows are none");
    }

    @Test
    void wrongSettingsStopTheServiceNamingTheEntry() {
        assertThatThrownBy(() -> new Site(new SiteProperties(List.of(WINDOW_3,
                new SiteProperties.Window("zz window", "窗口", "Window")), List.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("alliance.site.windows[1].code");
        assertThatThrownBy(() -> new Site(new SiteProperties(List.of(new SiteProperties.Window("W-440507197707073226",
                "窗口", "Window")), List.of()))).hasMessageContaining("alliance.site.windows[0].code holds personal data");
        assertThatThrownBy(() -> new Site(new SiteProperties(List.of(WINDOW_3, WINDOW_3), List.of())))
                .hasMessageContaining("ZZ-WINDOW-03 is given twice");
        assertThatThrownBy(() -> new Site(new SiteProperties(List.of(), List.of(new SiteProperties.CertificateType(
                "SIT01", "参保缴费凭证", " ", List.of())))))
                .hasMessageContaining("alliance.site.certificate-types[0] (SIT01) needs both name and name-en");
    }
}
