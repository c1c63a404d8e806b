package io.securecart.platform.outbox;

import io.securecart.platform.audit.AuditAutoConfiguration;
import io.securecart.platform.audit.AuditTrail;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The admin API over the outbox rows the relay set aside ({@link SetAsideRowController}, ADR 43). */
@AutoConfiguration(after = { OutboxAutoConfiguration.class, AuditAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnBean(OutboxRelay.class)
public class OutboxAdminAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SetAsideRows setAsideRows(JdbcClient jdbc, OutboxRelay relay) {
		return new SetAsideRows(jdbc, relay);
	}

	@Bean
	@ConditionalOnMissingBean
	SetAsideRowController setAsideRowController(SetAsideRows rows, AuditTrail audit) {
		return new SetAsideRowController(rows, audit);
	}
}
