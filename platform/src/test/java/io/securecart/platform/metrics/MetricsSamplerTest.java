package io.securecart.platform.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A sample that hangs (a broker that does not answer) holds back no other sample. */
class MetricsSamplerTest {

	@Test
	void aHangingSampleDoesNotStopTheOthers() {
		CountDownLatch brokerAnswers = new CountDownLatch(1);
		AtomicInteger outboxSamples = new AtomicInteger();
		MetricsSampler sampler = new MetricsSampler(List.of(() -> waitFor(brokerAnswers),
				outboxSamples::incrementAndGet), Duration.ofMillis(20));

		sampler.start();
		try {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(outboxSamples).hasValueGreaterThan(3));
		}
		finally {
			brokerAnswers.countDown();
			sampler.stop();
		}
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
