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
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads orders back from checkout until each has finished, or time is up.
 * <p>
 * The reads cost checkout and its database CPU on the machine under test, inside the windows in which the scenarios
 * measure the services' CPU per order and the pipeline's pace, so they are kept few: a round reads the open orders in
 * the order they were placed, {@value #READS_IN_FLIGHT} at a time, and stops at the first {@value #READS_IN_FLIGHT}
 * that are all still running (the ones placed after them have most likely not finished either); only the last round,
 * at the deadline, reads every open order. An order found late changes no figure: the latencies and the backlog's
 * pace come from the orders' own timelines, not from when the tracker saw them finish. Reading every open order every
 * round made a lagging pipeline's CPU per order mostly the tracker's: 240 open orders read every half second cost
 * checkout about a third of a core (issue 17); reading them all every tenth round still made a 400-order backlog's
 * drain answer several reads per order (benchmarks/measurements.md, session 34).
 */
final class OrderTracker {

	private static final Logger log = LoggerFactory.getLogger(OrderTracker.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private static final int READS_IN_FLIGHT = 4;

	private final String checkout;

	private final AtomicLong requests = new AtomicLong();

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
		long requestsBefore = requests.get();
		for (;;) {
			List<UUID> open = outcomes.entrySet()
				.stream()
				.filter(entry -> entry.getValue() == null || !entry.getValue().terminal())
				.map(Map.Entry::getKey)
				.toList();
			boolean last = System.nanoTime() > deadline;
			if (last) {
				read(open).forEach(outcome -> outcomes.put(outcome.id(), outcome));
			}
			else {
				readUntilRunning(open).forEach(outcome -> outcomes.put(outcome.id(), outcome));
			}
			long left = outcomes.values().stream().filter(outcome -> outcome == null || !outcome.terminal()).count();
			if (left == 0 || last) {
				if (left > 0) {
					log.info("  {} of {} orders had not finished after {} s", left, outcomes.size(),
							timeout.toSeconds());
				}
				break;
			}
			pause();
		}
		log.info("  the tracker read {} orders back {} times", outcomes.size(), requests.get() - requestsBefore);
		return outcomes.values().stream().filter(outcome -> outcome != null).toList();
	}

	/** The open orders, oldest first, until {@value #READS_IN_FLIGHT} in a row are still running. */
	private List<OrderOutcome> readUntilRunning(List<UUID> open) {
		List<OrderOutcome> outcomes = new ArrayList<>();
		for (int from = 0; from < open.size(); from += READS_IN_FLIGHT) {
			List<OrderOutcome> read = read(open.subList(from, Math.min(from + READS_IN_FLIGHT, open.size())));
			outcomes.addAll(read);
			if (read.stream().noneMatch(OrderOutcome::terminal)) {
				break;
			}
		}
		return outcomes;
	}

	/** A few requests at a time: the stack under test is on the same two cores. */
	private List<OrderOutcome> read(List<UUID> ids) {
		Semaphore inFlight = new Semaphore(READS_IN_FLIGHT);
		List<Future<Optional<OrderOutcome>>> reads = new ArrayList<>();
		try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (UUID id : ids) {
				reads.add(readers.submit(() -> {
					inFlight.acquire();
					requests.incrementAndGet();
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
