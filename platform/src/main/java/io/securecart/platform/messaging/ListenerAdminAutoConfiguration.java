package io.securecart.platform.messaging;

import io.securecart.platform.audit.AuditAutoConfiguration;
import io.securecart.platform.audit.AuditTrail;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The admin API that stops and starts this service's SQS listeners ({@link ListenerController}). */
@AutoConfiguration(after = { MessagingAutoConfiguration.class, AuditAutoConfiguration.class })
@ConditionalOnWebApplication
@ConditionalOnBean(ListenerPauses.class)
public class ListenerAdminAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ListenerController listenerController(ListenerPauses pauses, AuditTrail audit) {
		return new ListenerController(pauses, audit);
	}
}
