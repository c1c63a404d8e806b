package io.securecart.platform.audit;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The audit trail ({@code audit_event}, from the platform's migrations) and {@code GET /api/admin/audit}. */
@AutoConfiguration
@ConditionalOnWebApplication
public class AuditAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuditTrail auditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
		return new AuditTrail(jdbc, transactions, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	AuditController auditController(AuditTrail trail) {
		return new AuditController(trail);
	}
}
