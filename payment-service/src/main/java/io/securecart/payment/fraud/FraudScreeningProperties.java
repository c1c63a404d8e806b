package io.securecart.payment.fraud;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fraud screening judges high-value orders (which orders are high-value is declared in {@code infra/topology.json},
 * see {@code HighValueOrders}).
 *
 * @param reviewTimeout a review nobody decided within this is rejected: no order waits forever
 * @param velocityWindow how far back "the customer's recent high-value orders" reaches
 * @param stolenCardTokens tokens of cards reported stolen (demo data: a real list comes from the card networks). Only
 * their fingerprints are kept and compared; screening never sees an order's token
 * @param screeningConcurrency orders screened at once at most ({@link ScreeningGateConfiguration})
 */
@ConfigurationProperties("securecart.fraud")
record FraudScreeningProperties(@DefaultValue("30m") Duration reviewTimeout, @DefaultValue("1h") Duration velocityWindow,
		@DefaultValue("tok_stolen") List<String> stolenCardTokens, @DefaultValue("2") int screeningConcurrency) {

	FraudScreeningProperties {
		if (screeningConcurrency < 1) {
			// Its gate would never let a message through: high-value orders would wait unscreened until they expire.
			throw new IllegalArgumentException(
					"securecart.fraud.screening-concurrency must be at least 1, not " + screeningConcurrency);
		}
	}
}
