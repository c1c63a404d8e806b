package io.securecart.platform.retention;

import java.time.Clock;

import io.securecart.platform.inbox.InboxAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Pruning of the outbox and inbox tables after their retention. */
@AutoConfiguration(after = InboxAutoConfiguration.class)
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RetentionPruner retentionPruner(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
		return new RetentionPruner(jdbc, properties, clock);
	}
}
