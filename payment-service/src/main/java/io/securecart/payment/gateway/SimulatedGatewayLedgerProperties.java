package io.securecart.payment.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the simulated gateway keeps its keys ({@link JdbcSimulatedGatewayLedger}).
 *
 * @param keyRetention how long a key's answer is kept: a provider keeps a key for 24 hours (Stripe's figure), and
 * {@code Payments} asks no more with a key older than its {@code key-window}, an hour less
 * @param pruneInterval how often the keys older than that are forgotten
 */
@ConfigurationProperties("securecart.payment.gateway.ledger")
record SimulatedGatewayLedgerProperties(@DefaultValue("24h") Duration keyRetention,
		@DefaultValue("10m") Duration pruneInterval) {
}
