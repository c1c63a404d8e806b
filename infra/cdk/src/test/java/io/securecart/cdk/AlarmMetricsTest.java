package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.securecart.cdk.observability.Alarms;
import io.securecart.cdk.observability.CustomMetrics;
import io.securecart.provisioner.Alarm;

/**
 * The alarm vocabulary the Prometheus side understands (kind/metric) maps onto CloudWatch too, and a metric nobody
 * publishes fails the synthesis instead of becoming an alarm that never fires.
 */
class AlarmMetricsTest {

	@Test
	void queueMetricsAreSqsMetricsOfEachQueue() {
		var inFlight = Alarms.elements(alarm("queue", "inFlightMessages"), TOPOLOGY);

		assertThat(inFlight).hasSameSizeAs(TOPOLOGY.queues());
		assertThat(inFlight.get(0).metric().getNamespace()).isEqualTo("AWS/SQS");
		assertThat(inFlight.get(0).metric().getMetricName()).isEqualTo("ApproximateNumberOfMessagesNotVisible");
		assertThat(Alarms.elements(alarm("deadLetterQueue", "oldestMessageAgeSeconds"), TOPOLOGY).get(0).metric()
			.getMetricName()).isEqualTo("ApproximateAgeOfOldestMessage");
	}

	/**
	 * ApproximateAgeOfOldestMessage is the age of the oldest non-deleted message, and AWS does not say it leaves delayed
	 * ones out: fraud-review-timeouts, whose review timers wait up to 900 s by design, keeps oldest-message-too-old at
	 * its own threshold from the topology, the same as locally, so a consumer that stops taking due timers still pages.
	 */
	@Test
	void theQueueOfDelayedTimersIsWatchedAtItsOwnThreshold() {
		Alarm oldest = SynthesizedSecureCart.DECLARATION.alarms()
			.stream()
			.filter(alarm -> alarm.name().equals("oldest-message-too-old"))
			.findFirst()
			.orElseThrow();

		assertThat(Alarms.elements(oldest, TOPOLOGY)).extracting(Alarms.WatchedElement::name)
			.containsExactlyInAnyOrderElementsOf(TOPOLOGY.queues().stream().map(queue -> queue.name()).toList());
		assertThat(threshold("oldest-message-too-old fraud-review-timeouts")).isEqualTo(960);
		assertThat(threshold("oldest-message-too-old orders.fifo")).isEqualTo(60);
	}

	private static Object threshold(String alarmName) {
		var app = SynthesizedSecureCart.get();
		return SynthesizedSecureCart.properties(app.resources.get(app.logicalId("AWS::CloudWatch::Alarm", "AlarmName",
				alarmName))).get("Threshold");
	}

	@Test
	void outboxMetricsAreTheServicesOwnPerApplication() {
		var pending = Alarms.elements(alarm("outbox", "pendingRows"), TOPOLOGY).get(0).metric();

		assertThat(pending.getNamespace()).isEqualTo(CustomMetrics.NAMESPACE);
		assertThat(pending.getMetricName()).isEqualTo(CustomMetrics.OUTBOX_PENDING_ROWS);
		assertThat(pending.getDimensions()).containsOnlyKeys(CustomMetrics.SERVICE_DIMENSION);
	}

	@Test
	void aMetricNothingPublishesFailsLoudly() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Alarms.elements(alarm("queue", "messagesEaten"), TOPOLOGY))
			.withMessageContaining("messagesEaten");
		assertThatIllegalArgumentException().isThrownBy(() -> Alarms.elements(alarm("lambda", "errors"), TOPOLOGY))
			.withMessageContaining("lambda");
	}

	@Test
	void periodsRoundUpToAMinuteAndForSecondsBecomeBreachingPeriodsAfterTheOneItBeganIn() {
		Alarm everyThirtySecondsForTwoMinutes = new Alarm("a", null, "queue", "visibleMessages", ">", 0, 120, 30);

		assertThat(Alarms.period(everyThirtySecondsForTwoMinutes)).isEqualTo(60);
		assertThat(Alarms.evaluationPeriods(everyThirtySecondsForTwoMinutes)).isEqualTo(3);
		assertThat(Alarms.evaluationPeriods(new Alarm("b", null, "queue", "visibleMessages", ">", 0, 0, 300)))
			.isEqualTo(1);
		assertThat(Alarms.evaluationPeriods(new Alarm("c", null, "queue", "visibleMessages", ">", 0, 90, 60)))
			.isEqualTo(3);
	}

	/**
	 * circuit-open-too-long (open for 60 s, sampled over 30 s, so a minute on CloudWatch) fired on one breaching
	 * minute: one OTLP sample of a circuit that opened and closed again within the second. Every alarm that must hold
	 * for {@code forSeconds} needs, after the period it began in, breaching periods covering {@code forSeconds}, and
	 * every one of them breaching.
	 */
	@Test
	void anAlarmThatMustHoldFiresOnlyAfterItHeldThatLongInTheSynthesizedTemplate() {
		SynthesizedSecureCart app = SynthesizedSecureCart.get();
		Alarm circuit = SynthesizedSecureCart.DECLARATION.alarms()
			.stream()
			.filter(alarm -> alarm.name().equals("circuit-open-too-long"))
			.findFirst()
			.orElseThrow();
		assertThat(circuit.forSeconds()).as("the case this guards").isEqualTo(60);

		for (Alarm declared : SynthesizedSecureCart.DECLARATION.alarms()) {
			for (Alarms.WatchedElement element : Alarms.elements(declared, TOPOLOGY)) {
				Map<String, Object> alarm = SynthesizedSecureCart.properties(app.resources.get(app
					.logicalId("AWS::CloudWatch::Alarm", "AlarmName", declared.name() + " " + element.name())));
				int periods = ((Number) alarm.get("EvaluationPeriods")).intValue();
				int breaching = ((Number) alarm.getOrDefault("DatapointsToAlarm", periods)).intValue();
				int period = ((Number) alarm.get("Period")).intValue();

				assertThat(breaching).as(element.name() + ": every period breaches").isEqualTo(periods);
				if (declared.forSeconds() == 0) {
					assertThat(periods).as(element.name()).isEqualTo(1);
				}
				else {
					assertThat((periods - 1) * period).as(element.name() + ": seconds it held after it began")
						.isGreaterThanOrEqualTo(declared.forSeconds())
						.isLessThan(declared.forSeconds() + period);
				}
			}
		}
	}

	private static Alarm alarm(String each, String metric) {
		return new Alarm("test-alarm", null, each, metric, ">", 0, 0, 30);
	}
}
