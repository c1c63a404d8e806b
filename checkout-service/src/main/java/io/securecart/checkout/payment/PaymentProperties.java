package io.securecart.checkout.payment;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How checkout asks for payment.
 *
 * @param paymentMode {@code decoupled} (the default) or {@code coupled}; environment:
 * {@code SECURECART_CHECKOUT_PAYMENT_MODE}
 * @param payment where payment-service is, for the coupled mode
 */
@Validated
@ConfigurationProperties("securecart.checkout")
public record PaymentProperties(@DefaultValue("decoupled") @NotNull PaymentMode paymentMode,
		@DefaultValue @Valid Payment payment) {

	/**
	 * @param baseUrl payment-service, e.g. {@code http://localhost:8081}
	 * @param connectTimeout how long to wait for a connection; a stopped service refuses at once
	 * @param timeout how long to wait for payment's decision: longer than its own worst case with a failing gateway
	 * (3 attempts of 2 s and the waits between them, about 8.3 s), so that payment, not checkout, gives up first
	 */
	public record Payment(@DefaultValue("http://localhost:8081") @NotNull URI baseUrl,
			@DefaultValue("1s") @NotNull Duration connectTimeout, @DefaultValue("10s") @NotNull Duration timeout) {
	}
}
