package io.securecart.inventory.stock;

import io.securecart.contracts.MessagingNames;
import io.securecart.contracts.events.OrderEventCodec;
import io.securecart.platform.messaging.MessagingDestinations;
import io.securecart.stockalerts.SnsStockLevelPublisher;
import io.securecart.stockalerts.StockAlertsFunctionConfiguration;
import io.securecart.stockalerts.StockLevelPublisher;
import software.amazon.awssdk.services.sns.SnsClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * inventory-service hosts the stock-alerts function on the emulators, where a Lambda cannot run (moto needs Docker to
 * invoke one): the same bean, called by {@link StockLevelChangesFunctionListener} for each message of its queue (ADR 15). On
 * AWS the Lambda consumes that queue and this listener is switched off.
 */
@Configuration(proxyBeanMethods = false)
@Import(StockAlertsFunctionConfiguration.class)
class StockAlertsHost {

	@Bean
	StockLevelPublisher stockLevelPublisher(SnsClient sns, MessagingDestinations destinations) {
		return new SnsStockLevelPublisher(sns, destinations.topicArn(MessagingNames.STOCK_EVENTS_TOPIC),
				OrderEventCodec.standalone());
	}
}
