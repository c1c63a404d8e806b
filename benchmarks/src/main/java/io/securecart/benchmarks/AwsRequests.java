package io.securecart.benchmarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * The requests each service has sent to SQS and SNS, from its {@code securecart.aws.requests} counter (platform's
 * {@code AwsRequestCounter}): per service, per {@code sqs:Operation} / {@code sns:Operation}. Two snapshots give what
 * happened between them.
 */
final class AwsRequests {

	static final String METRIC = "securecart.aws.requests";

	private final Stack stack;

	AwsRequests(Stack stack) {
		this.stack = stack;
	}

	/** Service → "sqs:ReceiveMessage" → requests so far, without a service that lacks the counter. */
	Map<String, Map<String, Double>> snapshot() {
		Map<String, Map<String, Double>> counts = new LinkedHashMap<>();
		for (String service : Stack.SERVICES) {
			String metric = stack.url(service) + "/actuator/metrics/" + METRIC;
			Json.get(metric).ifPresent(all -> {
				Map<String, Double> byOperation = new TreeMap<>();
				for (String client : tagValues(all, "service")) {
					for (String operation : tagValues(all, "operation")) {
						Json.get(metric + "?tag=" + tag("service", client) + "&tag=" + tag("operation", operation))
							.ifPresent(one -> byOperation.put(client + ":" + operation, count(one)));
					}
				}
				counts.put(service, byOperation);
			});
		}
		return counts;
	}

	/**
	 * {@code after - before}, per service and operation; zeros left out. A service whose counts went down was
	 * restarted in between: all it counted since its start is what it did.
	 */
	static Map<String, Map<String, Double>> difference(Map<String, Map<String, Double>> before,
			Map<String, Map<String, Double>> after) {
		Map<String, Map<String, Double>> difference = new LinkedHashMap<>();
		after.forEach((service, operations) -> {
			Map<String, Double> counted = before.getOrDefault(service, Map.of());
			boolean restarted = counted.entrySet()
				.stream()
				.anyMatch(entry -> operations.getOrDefault(entry.getKey(), 0.0) < entry.getValue());
			Map<String, Double> earlier = restarted ? Map.of() : counted;
			Map<String, Double> delta = new TreeMap<>();
			operations.forEach((operation, count) -> {
				double d = count - earlier.getOrDefault(operation, 0.0);
				if (d > 0) {
					delta.put(operation, d);
				}
			});
			difference.put(service, delta);
		});
		return difference;
	}

	static double total(Map<String, Double> operations) {
		return operations.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	/** All services' requests to one broker ({@code sqs} or {@code sns}). */
	static double totalOf(Map<String, Map<String, Double>> byService, String client) {
		return byService.values()
			.stream()
			.flatMap(operations -> operations.entrySet().stream())
			.filter(entry -> entry.getKey().startsWith(client + ":"))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	static List<String> tagValues(JsonNode metric, String tag) {
		for (JsonNode available : metric.path("availableTags")) {
			if (tag.equals(available.path("tag").asString())) {
				return available.path("values").valueStream().map(JsonNode::asString).toList();
			}
		}
		return List.of();
	}

	/** A counter's or timer's count from {@code /actuator/metrics/<name>}. */
	static double count(JsonNode metric) {
		for (JsonNode measurement : metric.path("measurements")) {
			if ("COUNT".equals(measurement.path("statistic").asString())) {
				return measurement.path("value").asDouble();
			}
		}
		return 0;
	}

	static String tag(String name, String value) {
		return URLEncoder.encode(name + ":" + value, StandardCharsets.UTF_8);
	}
}
