package io.securecart.provisioner;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus alerting rules for the declared alarms ({@link Alarm}), generated, never written by hand: the
 * declaration in {@code infra/topology.json} is the only list. Each alarm becomes one rule whose expression takes the
 * metric's maximum over the alarm's period for every element ({@code max_over_time}, CloudWatch's {@code Maximum})
 * and, since several services report the same queue (producer and consumer), the maximum over reporters, grouped by
 * the element; {@code for} is the alarm's {@code forSeconds}.
 */
public final class PrometheusRules {

	/** The rule group's name in the generated file. */
	public static final String GROUP = "securecart-alarms";

	/**
	 * Where each {@code each}/{@code metric} pair is published (the platform's meters, docs/observability.md) and
	 * which labels name one element of that kind.
	 */
	static final Map<String, Series> SERIES = Map.ofEntries(
			Map.entry("queue/visibleMessages", new Series("securecart_queue_visible_messages{kind=\"queue\"}", "queue")),
			Map.entry("queue/inFlightMessages",
					new Series("securecart_queue_in_flight_messages{kind=\"queue\"}", "queue")),
			Map.entry("queue/oldestMessageAgeSeconds",
					new Series("securecart_queue_oldest_message_age_seconds{kind=\"queue\"}", "queue")),
			Map.entry("deadLetterQueue/visibleMessages",
					new Series("securecart_queue_visible_messages{kind=\"dead-letter\"}", "queue")),
			Map.entry("deadLetterQueue/oldestMessageAgeSeconds",
					new Series("securecart_queue_oldest_message_age_seconds{kind=\"dead-letter\"}", "queue")),
			Map.entry("outbox/pendingRows", new Series("securecart_outbox_pending_rows", "application, destination")),
			Map.entry("outbox/oldestPendingAgeSeconds",
					new Series("securecart_outbox_oldest_pending_age_seconds", "application, destination")),
			Map.entry("circuitBreaker/open",
					new Series("resilience4j_circuitbreaker_state{state=\"open\"}", "application, name")),
			Map.entry("deferredWork/pending", new Series("securecart_deferred_work_pending", "application, work")),
			Map.entry("deferredWork/oldestAgeSeconds",
					new Series("securecart_deferred_work_oldest_age_seconds", "application, work")));

	private PrometheusRules() {
	}

	/** The PromQL expression that is true (has a result) for every element breaching the alarm. */
	public static String expression(Alarm alarm) {
		Series series = SERIES.get(alarm.each() + "/" + alarm.metric());
		if (series == null) {
			throw new IllegalArgumentException("Alarm " + alarm.name() + ": no metric " + alarm.metric() + " for each "
					+ alarm.each() + "; known: " + SERIES.keySet().stream().sorted().toList());
		}
		List<String> own = alarm.queueThresholds().keySet().stream().sorted().toList();
		if (own.isEmpty()) {
			return comparison(alarm, series, series.selector(), alarm.threshold());
		}
		// One rule per alarm, so its name is the alert's: the queues with a threshold of their own, each compared with
		// it, or'ed with every other queue compared with the alarm's.
		String others = "queue!~\"%s\"".formatted(own.stream()
			.map(queue -> queue.replace(".", "\\\\."))
			.collect(java.util.stream.Collectors.joining("|")));
		StringBuilder expression = new StringBuilder(
				comparison(alarm, series, withLabel(series, others), alarm.threshold()));
		for (String queue : own) {
			expression.append(" or ")
				.append(comparison(alarm, series, withLabel(series, "queue=\"%s\"".formatted(queue)),
						alarm.threshold(queue)));
		}
		return expression.toString();
	}

	private static String comparison(Alarm alarm, Series series, String selector, double threshold) {
		return "max by (%s) (max_over_time(%s[%ds])) %s %s".formatted(series.elementLabels(), selector,
				alarm.periodSeconds(), alarm.comparison(), number(threshold));
	}

	/** The series' selector with one more label matcher. */
	private static String withLabel(Series series, String matcher) {
		String selector = series.selector();
		return selector.endsWith("}") ? selector.substring(0, selector.length() - 1) + "," + matcher + "}"
				: selector + "{" + matcher + "}";
	}

	/** A Prometheus rule file (YAML) with one alerting rule per alarm. */
	public static String render(List<Alarm> alarms) {
		StringBuilder yaml = new StringBuilder();
		yaml.append("# Generated from the alarms in infra/topology.json by io.securecart.provisioner.PrometheusRules;\n")
			.append("# do not edit: change the declaration (docs/observability.md, \"Metrics and alarms\").\n")
			.append("groups:\n")
			.append("  - name: ").append(GROUP).append('\n')
			.append("    rules:\n");
		for (Alarm alarm : alarms) {
			yaml.append("      - alert: ").append(quoted(alarm.name())).append('\n')
				.append("        expr: ").append(quoted(expression(alarm))).append('\n')
				.append("        for: ").append(alarm.forSeconds()).append("s\n")
				.append("        labels:\n")
				.append("          each: ").append(quoted(alarm.each())).append('\n')
				.append("          period: ").append(quoted(alarm.periodSeconds() + "s")).append('\n')
				.append("        annotations:\n")
				.append("          summary: ").append(quoted(alarm.description())).append('\n')
				.append("          threshold: ").append(quoted(thresholdNote(alarm))).append('\n');
		}
		return yaml.toString();
	}

	/** The alarm's threshold, and each queue's own where it has one (the rule fires on each queue's). */
	private static String thresholdNote(Alarm alarm) {
		StringBuilder note = new StringBuilder(alarm.metric() + " " + alarm.comparison() + " "
				+ number(alarm.threshold()));
		new TreeMap<>(alarm.queueThresholds()).forEach((queue, own) -> note.append(" (")
			.append(queue).append(": ").append(alarm.comparison()).append(' ').append(number(own)).append(')'));
		return note.toString();
	}

	/** A YAML double-quoted scalar (JSON's escaping is valid YAML). */
	private static String quoted(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				default -> out.append(c);
			}
		}
		return out.append('"').toString();
	}

	private static String number(double value) {
		return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
	}

	record Series(String selector, String elementLabels) {
	}
}
