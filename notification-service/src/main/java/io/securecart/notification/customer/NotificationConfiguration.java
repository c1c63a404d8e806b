package io.securecart.notification.customer;

import java.time.Clock;

import io.securecart.platform.metrics.DeferredWork;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
@EnableScheduling // the sweep of unsent notifications
@EnableConfigurationProperties({ NotificationProperties.class, BackInStockProperties.class })
class NotificationConfiguration {

	/**
	 * The sweep's send rate, shared by every instance through the database (ADR 36, amended 2026-12-06): over any
	 * {@code t} seconds at most {@code rate * t + burst} sends start, however many instances run, on the database's
	 * clock, so no host's clock running ahead holds the others back.
	 */
	@Bean
	SendPace sendPace(JdbcClient jdbc, PlatformTransactionManager transactionManager, NotificationProperties properties,
			Clock clock) {
		double rate = properties.sweepSendsPerSecond();
		return SharedSendPace.onDatabaseClock(jdbc, transactionManager, SharedSendPace.nameFor(rate), rate, clock);
	}

	/**
	 * Notifications recorded and not sent yet ({@link NotificationDelivery}), for the deferred-work-too-old alarm: it
	 * fires when the oldest has waited 15 minutes, which a notice the channel keeps refusing does, and so does a restock
	 * whose notices the sweep cannot send in that time at {@code sweep-sends-per-second} (more than about 870 s times
	 * the rate: 4,350 customers at the default 5 a second, however many instances run; ADR 36, last amendment).
	 */
	@Bean
	DeferredWork unsentNotificationsBacklog() {
		return new DeferredWork("unsent-notifications",
				"select count(*) as pending, min(created_at) as oldest from notification where sent_at is null");
	}
}
