package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void periodsRoundUpToAMinuteAndForSecondsBecomeBreachingPeriods() {
		Alarm everyThirtySecondsForTwoMinutes = new Alarm("a", null, "queue", "visibleMessages", ">", 0, 120, 30);

		assertThat(Alarms.period(everyThirtySecondsForTwoMinutes)).isEqualTo(60);
		assertThat(Alarms.evaluationPeriods(everyThirtySecondsForTwoMinutes)).isEqualTo(2);
		assertThat(Alarms.evaluationPeriods(new Alarm("b", null, "queue", "visibleMessages", ">", 0, 0, 300)))
			.isEqualTo(1);
	}

	private static Alarm alarm(String each, String metric) {
		return new Alarm("test-alarm", null, each, metric, ">", 0, 0, 30);
	}
}
