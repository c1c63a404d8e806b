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

	/** Notifications recorded and not sent yet ({@link NotificationDelivery}), for the deferred-work-too-old alarm. */
	@Bean
	DeferredWork unsentNotificationsBacklog() {
		return new DeferredWork("unsent-notifications",
				"select count(*) as pending, min(created_at) as oldest from notification where sent_at is null");
	}
}
