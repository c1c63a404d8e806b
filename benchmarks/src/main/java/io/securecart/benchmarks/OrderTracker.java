package io.securecart.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads orders back from checkout until each has finished, or time is up. */
final class OrderTracker {

	private static final Logger log = LoggerFactory.getLogger(OrderTracker.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final String checkout;

	OrderTracker(String checkoutUrl) {
		this.checkout = checkoutUrl;
	}

	/**
	 * The outcome of each order, once all have finished or {@code timeout} has passed; orders still running then
	 * are returned unfinished.
	 */
	List<OrderOutcome> awaitFinished(Collection<UUID> orders, Duration timeout) {
		Map<UUID, OrderOutcome> outcomes = new LinkedHashMap<>();
		orders.forEach(id -> outcomes.put(id, null));
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<UUID> open = outcomes.entrySet()
				.stream()
				.filter(entry -> entry.getValue() == null || !entry.getValue().terminal())
				.map(Map.Entry::getKey)
				.toList();
			read(open).forEach(outcome -> outcomes.put(outcome.id(), outcome));
			long left = outcomes.values().stream().filter(outcome -> outcome == null || !outcome.terminal()).count();
			if (left == 0 || System.nanoTime() > deadline) {
				if (left > 0) {
					log.info("  {} of {} orders had not finished after {} s", left, outcomes.size(),
							timeout.toSeconds());
				}
				break;
			}
			pause();
		}
		return outcomes.values().stream().filter(outcome -> outcome != null).toList();
	}

	/** A few requests at a time: the stack under test is on the same two cores. */
	private List<OrderOutcome> read(List<UUID> ids) {
		Semaphore inFlight = new Semaphore(4);
		List<Future<Optional<OrderOutcome>>> reads = new ArrayList<>();
		try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (UUID id : ids) {
				reads.add(readers.submit(() -> {
					inFlight.acquire();
					try {
						return Json.get(checkout + "/api/orders/" + id).map(OrderOutcome::of);
					}
					finally {
						inFlight.release();
					}
				}));
			}
		}
		List<OrderOutcome> outcomes = new ArrayList<>();
		for (Future<Optional<OrderOutcome>> read : reads) {
			read.resultNow().ifPresent(outcomes::add);
		}
		return outcomes;
	}

	private static void pause() {
		try {
			Thread.sleep(POLL);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for orders", ex);
		}
	}
}
