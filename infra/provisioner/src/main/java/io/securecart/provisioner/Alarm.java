package io.securecart.provisioner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One alarm as {@code infra/topology.json} declares it (its {@code alarms} section): it applies to every element of
 * its kind ({@code each}), compares one of that element's metrics with a threshold over a period, and fires once the
 * comparison has held for {@code forSeconds}. Locally {@link PrometheusRules} makes it a Prometheus alerting rule; on
 * AWS it becomes a CloudWatch alarm. The keys are shared with the CDK app: add keys, never rename one.
 *
 * @param each {@code queue}, {@code deadLetterQueue}, {@code outbox}, {@code circuitBreaker} or {@code deferredWork}
 * @param metric the element's metric, e.g. {@code oldestMessageAgeSeconds} ({@link PrometheusRules} lists them)
 * @param comparison {@code >}, {@code >=}, {@code <}, {@code <=} or {@code ==}
 * @param forSeconds how long the comparison must hold before the alarm fires (0: at the first breaching period)
 * @param periodSeconds the period the metric is taken over (its maximum in that window, CloudWatch's statistic
 * {@code Maximum})
 * @param queueThresholds the threshold of a queue that has its own, by queue: those whose {@code alarmThresholds} (a
 * queue's option in the topology) name this alarm. Every queue is still watched: fraud-review-timeouts, whose review
 * timers wait there up to 900 s by design, has {@code oldest-message-too-old} at 900 s + the alarm's 60 s, since on
 * AWS the age of its oldest message may count the delay (docs/observability.md)
 */
public record Alarm(String name, String description, String each, String metric, String comparison, double threshold,
		int forSeconds, int periodSeconds, Map<String, Double> queueThresholds) {

	static final Set<String> COMPARISONS = Set.of(">", ">=", "<", "<=", "==");

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	public Alarm {
		if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
			throw new IllegalArgumentException("Alarm name must be lower-case words joined by '-': " + name);
		}
		if (!COMPARISONS.contains(comparison)) {
			throw new IllegalArgumentException("Alarm " + name + ": comparison must be one of " + COMPARISONS);
		}
		if (forSeconds < 0 || periodSeconds <= 0) {
			throw new IllegalArgumentException("Alarm " + name + ": forSeconds >= 0 and periodSeconds > 0");
		}
		queueThresholds = queueThresholds == null ? Map.of() : Map.copyOf(queueThresholds);
		if (!queueThresholds.isEmpty() && !"queue".equals(each)) {
			throw new IllegalArgumentException("Alarm " + name + " watches each " + each + ": only an alarm on each "
					+ "queue can have a queue's own threshold, but " + queueThresholds.keySet()
					+ " name it in alarmThresholds");
		}
	}

	/** An alarm with one threshold for every element of its kind. */
	public Alarm(String name, String description, String each, String metric, String comparison, double threshold,
			int forSeconds, int periodSeconds) {
		this(name, description, each, metric, comparison, threshold, forSeconds, periodSeconds, Map.of());
	}

	/** The threshold for one element: its own ({@link #queueThresholds()}) or the alarm's. */
	public double threshold(String element) {
		return queueThresholds.getOrDefault(element, threshold);
	}

	/** The alarms packaged with this module (copied from {@code infra/topology.json} at build time). */
	public static List<Alarm> declared() {
		try (InputStream in = Alarm.class.getResourceAsStream(Topology.RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(Topology.RESOURCE + " is not on the classpath");
			}
			return of(JSON.readTree(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static List<Alarm> read(Path topologyJson) {
		try {
			return of(JSON.readTree(Files.readString(topologyJson)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Alarm> of(JsonNode topology) {
		JsonNode alarms = topology.path("alarms");
		if (alarms.isMissingNode()) {
			return List.of();
		}
		List<Alarm> declared = new ArrayList<>();
		for (JsonNode alarm : alarms) {
			Alarm read = JSON.treeToValue(alarm, Alarm.class);
			Map<String, Double> own = new LinkedHashMap<>();
			for (JsonNode queue : topology.path("queues")) {
				JsonNode threshold = queue.path("alarmThresholds").path(read.name());
				if (!threshold.isMissingNode()) {
					if (!threshold.isNumber()) {
						throw new IllegalArgumentException("Queue " + queue.path("name").asString()
								+ ": alarmThresholds." + read.name() + " must be a number, was " + threshold);
					}
					own.put(queue.path("name").asString(), threshold.asDouble());
				}
			}
			declared.add(new Alarm(read.name(), read.description(), read.each(), read.metric(), read.comparison(),
					read.threshold(), read.forSeconds(), read.periodSeconds(), own));
		}
		Set<String> names = new HashSet<>(declared.stream().map(Alarm::name).toList());
		for (JsonNode queue : topology.path("queues")) {
			for (String alarm : queue.path("alarmThresholds").propertyNames()) {
				if (!names.contains(alarm)) {
					throw new IllegalArgumentException("Queue " + queue.path("name").asString()
							+ " has alarmThresholds for " + alarm + ", which is not a declared alarm");
				}
			}
		}
		return List.copyOf(declared);
	}
}
