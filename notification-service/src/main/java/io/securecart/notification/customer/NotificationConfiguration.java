package io.securecart.notification.customer;

import io.securecart.platform.metrics.DeferredWork;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling // the sweep of unsent notifications
@EnableConfigurationProperties({ NotificationProperties.class, BackInStockProperties.class })
class NotificationConfiguration {

	/**
	 * Notifications recorded and not sent yet ({@link NotificationDelivery}), for the deferred-work-too-old alarm: it
	 * fires when the oldest has waited 15 minutes, which a notice the channel keeps refusing does, and so does a restock
	 * whose notices the sweep cannot send in that time at {@code sweep-sends-per-second} (more than about 870 s times
	 * the rate: 6,000 customers at the default 7 a second on one instance; ADR 36, last amendment).
	 */
	@Bean
	DeferredWork unsentNotificationsBacklog() {
		return new DeferredWork("unsent-notifications",
				"select count(*) as pending, min(created_at) as oldest from notification where sent_at is null");
	}
}
