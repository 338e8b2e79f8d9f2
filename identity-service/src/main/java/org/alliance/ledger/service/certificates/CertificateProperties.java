package org.alliance.ledger.service.certificates;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Certificate settings ({@code alliance.certificates.*}).
 *
 * @param maxFileSize the largest certificate file accepted for issue or verification
 */
@ConfigurationProperties("alliance.certificates")
public record CertificateProperties(@DefaultValue("2MB") DataSize maxFileSize) {
}
