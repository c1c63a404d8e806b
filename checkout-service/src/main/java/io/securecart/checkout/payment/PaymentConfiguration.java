package io.securecart.checkout.payment;

import io.securecart.checkout.order.PaymentPort;
import io.securecart.platform.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** Picks the {@link PaymentPort} that {@code securecart.checkout.payment-mode} names. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProperties.class)
class PaymentConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PaymentConfiguration.class);

	@Bean
	PaymentPort paymentPort(PaymentProperties properties, Outbox outbox, RestClient.Builder http) {
		return switch (properties.paymentMode()) {
			case DECOUPLED -> new DecoupledPayment(outbox);
			case COUPLED -> {
				log.warn("Payment mode COUPLED: every order waits for payment-service at {} (the teaching baseline; "
						+ "see docs/coupled-baseline.md)", properties.payment().baseUrl());
				yield new CoupledPayment(http, properties.payment());
			}
		};
	}
}
