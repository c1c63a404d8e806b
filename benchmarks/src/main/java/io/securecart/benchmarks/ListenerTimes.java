package io.securecart.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * Where an order's time goes, hop by hop: for every queue a service listens to, how long its messages waited for the
 * listener ({@code securecart.listener.queue.wait}, from SQS's {@code SentTimestamp}) and how long the listener took
 * ({@code securecart.listener.processing}, processed), from the platform's {@code ListenerMetrics}. Two snapshots give
 * the messages between them and their mean times.
 */
final class ListenerTimes {

	static final String WAIT = "securecart.listener.queue.wait";

	static final String PROCESSING = "securecart.listener.processing";

	/** Count and total time (ms) of one timer. */
	record Totals(double count, double totalMs) {

		static final Totals NONE = new Totals(0, 0);

		Totals minus(Totals before) {
			return count < before.count ? this : new Totals(count - before.count, totalMs - before.totalMs);
		}

		double meanMs() {
			return Stats.round(Stats.ratio(totalMs, count));
		}
	}

	/** One queue of one service: its messages' wait and processing. */
	record Hop(Totals waited, Totals processed) {
	}

	/**
	 * One queue between two snapshots.
	 * @param messages taken by the listener
	 * @param meanWaitMs from SentTimestamp to the listener
	 * @param meanProcessingMs of the listener, per processed message
	 */
	record HopTimes(double messages, double meanWaitMs, double meanProcessingMs) {
	}

	private final Stack stack;

	ListenerTimes(Stack stack) {
		this.stack = stack;
	}

	/** Service → queue → totals so far; a service without the timers (no message yet) has none. */
	Map<String, Map<String, Hop>> snapshot() {
		Map<String, Map<String, Hop>> hops = new LinkedHashMap<>();
		for (String service : Stack.SERVICES) {
			String base = stack.url(service) + "/actuator/metrics/";
			Map<String, Hop> byQueue = new TreeMap<>();
			Json.get(base + WAIT).ifPresent(all -> {
				for (String queue : AwsRequests.tagValues(all, "queue")) {
					Totals waited = Json.get(base + WAIT + "?tag=" + AwsRequests.tag("queue", queue))
						.map(ListenerTimes::totals)
						.orElse(Totals.NONE);
					Totals processed = Json
						.get(base + PROCESSING + "?tag=" + AwsRequests.tag("queue", queue) + "&tag="
								+ AwsRequests.tag("outcome", "processed"))
						.map(ListenerTimes::totals)
						.orElse(Totals.NONE);
					byQueue.put(queue, new Hop(waited, processed));
				}
			});
			hops.put(service, byQueue);
		}
		return hops;
	}

	/** {@code after - before} per service and queue; queues without messages in between left out. */
	static Map<String, Map<String, HopTimes>> difference(Map<String, Map<String, Hop>> before,
			Map<String, Map<String, Hop>> after) {
		Map<String, Map<String, HopTimes>> difference = new LinkedHashMap<>();
		after.forEach((service, queues) -> {
			Map<String, HopTimes> byQueue = new TreeMap<>();
			queues.forEach((queue, hop) -> {
				Hop earlier = before.getOrDefault(service, Map.of())
					.getOrDefault(queue, new Hop(Totals.NONE, Totals.NONE));
				Totals waited = hop.waited().minus(earlier.waited());
				Totals processed = hop.processed().minus(earlier.processed());
				if (waited.count() > 0) {
					byQueue.put(queue, new HopTimes(waited.count(), waited.meanMs(), processed.meanMs()));
				}
			});
			if (!byQueue.isEmpty()) {
				difference.put(service, byQueue);
			}
		});
		return difference;
	}

	private static Totals totals(JsonNode metric) {
		double count = 0;
		double totalSeconds = 0;
		for (JsonNode measurement : metric.path("measurements")) {
			switch (measurement.path("statistic").asString()) {
				case "COUNT" -> count = measurement.path("value").asDouble();
				case "TOTAL_TIME" -> totalSeconds = measurement.path("value").asDouble();
				default -> {
				}
			}
		}
		return new Totals(count, totalSeconds * 1000);
	}
}
