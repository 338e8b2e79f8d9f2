package org.alliance.ledger.service.config;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The transaction manager every write goes through: commits that are stored before they return. */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {
    /**
     * The transaction manager (Spring Boot's own backs off when this bean exists).
     *
     * @param dataSource the service's database
     * @return the manager
     */
    @Bean
    public DurableCommits transactionManager(DataSource dataSource) {
        return new DurableCommits(dataSource);
    }
}
