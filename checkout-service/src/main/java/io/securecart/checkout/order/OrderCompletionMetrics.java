package io.securecart.checkout.order;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How long orders take end to end, from {@code OrderPlaced} to their terminal state, as the histogram
 * {@value #METRIC} by {@code outcome} ({@code shipped}, or the cancellation reason: {@code payment_declined},
 * {@code out_of_stock}, ...). Only checkout knows both ends. Recorded once per order, after the transaction that
 * made it terminal commits (a rolled-back attempt is redelivered and must not count twice).
 */
@Component
class OrderCompletionMetrics {

	static final String METRIC = "securecart.order.completion";

	private final MeterRegistry registry;

	OrderCompletionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** Call after a transition: records the order if this transition made it terminal. */
	void transitioned(Order order, OrderStatus before, Instant now) {
		if (before.isTerminal() || !order.getStatus().isTerminal()) {
			return;
		}
		Duration took = Duration.between(order.getCreatedAt(), now);
		String outcome = order.getStatus() == OrderStatus.SHIPPED ? "shipped"
				: String.valueOf(order.getCancellationReason()).toLowerCase(Locale.ROOT);
		Runnable record = () -> Timer.builder(METRIC)
			.description("From order placed to shipped or cancelled, by outcome")
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(50))
			.maximumExpectedValue(Duration.ofHours(1))
			.register(registry)
			.record(took);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					record.run();
				}
			});
		}
		else {
			record.run();
		}
	}
}
