package io.securecart.notification.customer;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling // the sweep of unsent notifications
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {
}
