package io.securecart.platform;

import java.util.Set;

import io.securecart.contracts.MessagingNames;
import io.securecart.testsupport.SecureCartInfrastructureInitializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service is healthy only while it listens on every queue it must consume ({@code securecart.messaging.listens-on}).
 * Under lazy initialization the listener beans are never created, so no container exists to be seen stopped: health
 * said UP while nothing was consumed (measured on checkout, benchmarks/measurements.md). It must say DOWN, and name the queues.
 */
class ListenerHealthIT {

	static {
		PlatformDatabase.ensureExists();
	}

	@Test
	void isUpWhenEveryQueueItMustConsumeHasARunningListener() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(listenersHealth(context).getStatus()).isEqualTo(Status.UP);
		}
	}

	@Test
	void isDownAndNamesTheQueuesWhenTheListenersWereNeverCreated() {
		try (ConfigurableApplicationContext context = start("--spring.main.lazy-initialization=true")) {
			Health health = listenersHealth(context);

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("queues without a listener",
					Set.of(MessagingNames.ORDERS_QUEUE, MessagingNames.NOTIFICATION_QUEUE));
		}
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		return new SpringApplicationBuilder(PlatformTestApplication.class)
			.initializers(new SecureCartInfrastructureInitializer())
			.run(arguments);
	}

	private static Health listenersHealth(ConfigurableApplicationContext context) {
		return context.getBean("sqsListenersHealthIndicator", HealthIndicator.class).health(true);
	}
}
