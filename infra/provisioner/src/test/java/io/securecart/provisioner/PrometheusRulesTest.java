package io.securecart.provisioner;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Prometheus rules are the declared alarms, one for one, and Prometheus accepts them. */
class PrometheusRulesTest {

	private final List<Alarm> declared = Alarm.declared();

	@Test
	void declaresAtLeastTheAlarmsTheIssueAsksFor() {
		assertThat(declared).extracting(alarm -> alarm.each() + "/" + alarm.metric())
			.contains("deadLetterQueue/visibleMessages", "queue/oldestMessageAgeSeconds",
					"outbox/oldestPendingAgeSeconds", "circuitBreaker/open");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyDeclaredAlarmIsOneRuleWithItsThresholdPeriodAndDuration() {
		Map<String, Object> file = new Yaml().load(PrometheusRules.render(declared));
		List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
		assertThat(groups).hasSize(1);
		List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(0).get("rules");

		assertThat(rules).extracting(rule -> rule.get("alert"))
			.containsExactlyElementsOf(declared.stream().map(Alarm::name).toList());
		for (int i = 0; i < declared.size(); i++) {
			Alarm alarm = declared.get(i);
			Map<String, Object> rule = rules.get(i);
			assertThat(rule.get("for")).as(alarm.name()).isEqualTo(alarm.forSeconds() + "s");
			assertThat((String) rule.get("expr")).as(alarm.name())
				.contains("[" + alarm.periodSeconds() + "s])) " + alarm.comparison() + " "
						+ (long) alarm.threshold());
			assertThat(((Map<String, String>) rule.get("annotations")).get("summary")).isEqualTo(alarm.description());
		}
	}

	@Test
	void takesTheMaximumOverThePeriodAndOverEveryServiceThatReportsTheElement() {
		Alarm oldest = new Alarm("oldest", "d", "queue", "oldestMessageAgeSeconds", ">", 60, 0, 30);
		assertThat(PrometheusRules.expression(oldest)).isEqualTo(
				"max by (queue) (max_over_time(securecart_queue_oldest_message_age_seconds{kind=\"queue\"}[30s])) > 60");
		Alarm dlq = new Alarm("dlq", "d", "deadLetterQueue", "visibleMessages", ">", 0, 0, 30);
		assertThat(PrometheusRules.expression(dlq)).isEqualTo(
				"max by (queue) (max_over_time(securecart_queue_visible_messages{kind=\"dead-letter\"}[30s])) > 0");
	}

	/**
	 * fraud-review-timeouts holds review timers sent with up to 900 s of delay: on AWS its oldest message may be that
	 * old before it is due. It keeps oldest-message-too-old, at its own threshold (declared once, on the queue, read
	 * by the CDK app through the same {@link Alarm}), so a consumer that stops taking due timers still fires it.
	 */
	@Test
	void aQueueWithItsOwnThresholdIsWatchedAtItAndEveryOtherAtTheAlarms() {
		Alarm oldest = alarm("oldest-message-too-old");

		assertThat(oldest.queueThresholds()).containsExactly(Map.entry("fraud-review-timeouts", 960.0));
		assertThat(oldest.threshold("fraud-review-timeouts")).isEqualTo(960);
		assertThat(oldest.threshold("orders.fifo")).isEqualTo(60);
		assertThat(PrometheusRules.expression(oldest)).isEqualTo("max by (queue) (max_over_time("
				+ "securecart_queue_oldest_message_age_seconds{kind=\"queue\",queue!~\"fraud-review-timeouts\"}[30s]))"
				+ " > 60"
				+ " or max by (queue) (max_over_time("
				+ "securecart_queue_oldest_message_age_seconds{kind=\"queue\",queue=\"fraud-review-timeouts\"}[30s]))"
				+ " > 960");
		assertThat(declared).filteredOn(alarm -> !alarm.name().equals("oldest-message-too-old"))
			.allSatisfy(alarm -> assertThat(alarm.queueThresholds()).as(alarm.name()).isEmpty());
		assertThat(PrometheusRules.expression(new Alarm("a", "d", "queue", "visibleMessages", ">", 0, 0, 30,
				Map.of("orders.fifo", 5.0, "b", 7.0))))
			.contains("{kind=\"queue\",queue!~\"b|orders\\\\.fifo\"}[30s])) > 0")
			.contains("{kind=\"queue\",queue=\"b\"}[30s])) > 7")
			.endsWith("{kind=\"queue\",queue=\"orders.fifo\"}[30s])) > 5");
	}

	/**
	 * The queue's own threshold is the longest delay a review timer is sent with, SQS's 900-s DelaySeconds limit that
	 * the platform's outbox caps a delivery delay at (payment's ReviewTimers re-delay longer timeouts), plus the
	 * alarm's own threshold: read from the platform's source, which this module does not depend on.
	 */
	@Test
	void theReviewTimersOwnThresholdIsTheLongestDelayPlusTheAlarms() throws IOException {
		String outbox = Files.readString(Path.of("..", "..", "platform", "src", "main", "java", "io", "securecart",
				"platform", "outbox", "Outbox.java"));
		var delay = java.util.regex.Pattern.compile("MAX_DELIVERY_DELAY = Duration\\.ofSeconds\\((\\d+)\\)")
			.matcher(outbox);
		assertThat(delay.find()).as("Outbox.MAX_DELIVERY_DELAY").isTrue();
		Alarm oldest = alarm("oldest-message-too-old");

		assertThat(oldest.threshold("fraud-review-timeouts"))
			.isEqualTo(Long.parseLong(delay.group(1)) + oldest.threshold());
	}

	@Test
	void aThresholdForAnUndeclaredAlarmOrOnAnotherKindIsRefused(@TempDir Path directory) throws IOException {
		Path topology = directory.resolve("topology.json");
		Files.writeString(topology, """
				{"queues": [{"name": "q", "alarmThresholds": {"typo": 5}}],
				 "alarms": [{"name": "a", "each": "queue", "metric": "visibleMessages", "comparison": ">",
				             "threshold": 0, "forSeconds": 0, "periodSeconds": 30}]}
				""");

		assertThatIllegalArgumentException().isThrownBy(() -> Alarm.read(topology))
			.withMessageContaining("alarmThresholds for typo, which is not a declared alarm");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Alarm("a", "d", "deadLetterQueue", "visibleMessages", ">", 0, 0, 30, Map.of("q", 1.0)))
			.withMessageContaining("only an alarm on each queue");
	}

	/**
	 * oldest-message-too-old on Prometheus' own rule engine: fraud-review-timeouts at 900 s (a timer not yet due) does
	 * not fire it, at 1,000 s (a due timer nobody took) it does, and orders.fifo fires at the alarm's 60 s.
	 */
	@Test
	void theOldestMessageAlarmFiresOnTheTimersQueueOnlyAboveItsOwnThreshold(@TempDir Path directory) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), 
				"promtool is not installed (apt-get install prometheus)");
		Alarm oldest = alarm("oldest-message-too-old");
		PrometheusConfiguration.write(directory, declared, List.of("localhost:8081"),
				URI.create("http://localhost:9000/oauth2/token"), "prometheus", "secret");
		int interval = PrometheusConfiguration.INTERVAL_SECONDS;
		String labels = """
				              each: queue
				              period: "%ds"
				            exp_annotations:
				              summary: "%s"
				              threshold: "%s"
				""".formatted(oldest.periodSeconds(), oldest.description().replace("\"", "\\\""),
				oldest.metric() + " " + oldest.comparison() + " " + (long) oldest.threshold()
						+ " (fraud-review-timeouts: " + oldest.comparison() + " 960)");
		Files.writeString(directory.resolve("oldest.test.yml"), """
				rule_files:
				  - %s
				evaluation_interval: %ds
				tests:
				  - interval: %ds
				    input_series:
				      - series: 'securecart_queue_oldest_message_age_seconds{kind="queue",queue="fraud-review-timeouts"}'
				        values: '900x10 1000x10'
				      - series: 'securecart_queue_oldest_message_age_seconds{kind="queue",queue="orders.fifo"}'
				        values: '0x10 100x10'
				    alert_rule_test:
				      - eval_time: %ds
				        alertname: %s
				        exp_alerts: []
				      - eval_time: %ds
				        alertname: %s
				        exp_alerts:
				          - exp_labels:
				              queue: fraud-review-timeouts
				%s          - exp_labels:
				              queue: orders.fifo
				%s""".formatted(PrometheusConfiguration.RULES, interval, interval, 9L * interval, oldest.name(),
				15L * interval, oldest.name(), labels, labels));

		assertThat(promtool(directory, "test", "rules", "oldest.test.yml")).contains("SUCCESS");
	}

	private Alarm alarm(String name) {
		return declared.stream().filter(alarm -> alarm.name().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void anAlarmOnAMetricNobodyPublishesIsRefused() {
		Alarm unknown = new Alarm("typo", "d", "queue", "oldestMessageAge", ">", 60, 0, 30);
		assertThatIllegalArgumentException().isThrownBy(() -> PrometheusRules.render(List.of(unknown)))
			.withMessageContaining("no metric oldestMessageAge for each queue");
	}

	@Test
	void promtoolAcceptsTheRulesAndTheConfiguration(@TempDir Path directory) throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (apt-get install prometheus)");
		PrometheusConfiguration.write(directory, declared, List.of("localhost:8080", "localhost:8081"),
				URI.create("http://localhost:9000/oauth2/token"), "prometheus", "secret");

		assertThat(promtool(directory, "check", "rules", directory.resolve(PrometheusConfiguration.RULES).toString()))
			.contains("SUCCESS: " + declared.size() + " rules found");
		assertThat(promtool(directory, "check", "config", directory.resolve(PrometheusConfiguration.CONFIG).toString()))
			.contains("SUCCESS");
	}

	/**
	 * The circuit-breaker alarm on Prometheus' own rule engine ({@code promtool test rules}): the series payment-service
	 * publishes while its gateway's circuit is open fires it once it has been open for the declared time, not before,
	 * and it clears once the circuit closes. (The queue alarms are proven end to end by e2e's AlarmsIT.)
	 */
	@Test
	void theCircuitBreakerAlarmFiresAfterItsDeclaredTimeOpenAndClearsWhenTheCircuitCloses(@TempDir Path directory)
			throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (apt-get install prometheus)");
		Alarm circuit = declared.stream().filter(alarm -> alarm.each().equals("circuitBreaker")).findFirst().orElseThrow();
		PrometheusConfiguration.write(directory, declared, List.of("localhost:8081"),
				URI.create("http://localhost:9000/oauth2/token"), "prometheus", "secret");
		int interval = PrometheusConfiguration.INTERVAL_SECONDS;
		long opensAt = 3L * interval;
		long closesAt = opensAt + circuit.forSeconds() + 10L * interval;
		long samplesOpen = (closesAt - opensAt) / interval;
		String firing = """
				          - exp_labels:
				              application: payment-service
				              name: payment-gateway
				              each: circuitBreaker
				              period: "%ds"
				            exp_annotations:
				              summary: "%s"
				              threshold: "%s"
				""".formatted(circuit.periodSeconds(), circuit.description().replace("\"", "\\\""),
				circuit.metric() + " " + circuit.comparison() + " " + (long) circuit.threshold());
		Files.writeString(directory.resolve("circuit.test.yml"), """
				rule_files:
				  - %s
				evaluation_interval: %ds
				tests:
				  - interval: %ds
				    input_series:
				      - series: 'resilience4j_circuitbreaker_state{state="open",application="payment-service",name="payment-gateway"}'
				        values: '0 0 0 1x%d 0x30'
				    alert_rule_test:
				      - eval_time: %ds
				        alertname: %s
				        exp_alerts: []
				      - eval_time: %ds
				        alertname: %s
				        exp_alerts:
				%s      - eval_time: %ds
				        alertname: %s
				        exp_alerts: []
				""".formatted(PrometheusConfiguration.RULES, interval, interval, samplesOpen - 1,
				opensAt + circuit.forSeconds() - interval, circuit.name(), opensAt + circuit.forSeconds() + interval,
				circuit.name(), firing, closesAt + circuit.periodSeconds() + 2L * interval, circuit.name()));

		assertThat(promtool(directory, "test", "rules", "circuit.test.yml")).contains("SUCCESS");
	}

	private static String promtool(Path directory, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("/usr/bin/promtool"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}
}
