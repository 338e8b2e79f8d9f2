package org.alliance.ledger.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The alliance service: IMI identity checks whose signed attestations reach the ledger through an outbox. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AllianceServiceApplication {
    /**
     * Starts the service.
     *
     * @param args Spring Boot command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(AllianceServiceApplication.class, args);
    }
}
