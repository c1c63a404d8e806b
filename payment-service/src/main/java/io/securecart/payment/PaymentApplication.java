package io.securecart.payment;


import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Payment: authorises each placed order through the payment gateway and refunds paid orders whose stock was
 * rejected. Consumes {@code orders.fifo} and {@code payment-order-events}; publishes {@code PaymentAuthorized},
 * {@code PaymentDeclined} and {@code PaymentRefunded} to {@code order-events}.
 * <p>
 * Its fraud-screening feature ({@code fraud} package, ADR 4) screens the high-value orders that the EventBridge rule
 * routes to {@code fraud-screening} and publishes the verdicts; the payment feature hears them on
 * {@code payment-order-events} like any other service would. The two share no code and no table.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentApplication {

	public static void main(String[] args) {
		SpringApplication.run(PaymentApplication.class, args);
	}
}
