package io.securecart.inventory.recommendation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.platform.stream.KinesisStreams;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** How often the consumer reads the stream: every second while records come, less and less often while none do. */
class ActivityStreamConsumerTest {

	private final RecommendationProperties properties = new RecommendationProperties("customer-activity",
			Duration.ofSeconds(1), Duration.ofSeconds(8), 1000, Duration.ofSeconds(60), 2, 5);

	@Test
	void eachEmptyRoundDoublesThePauseUpToTheQuietInterval() {
		Duration pause = properties.pollInterval();
		List<Duration> pauses = new ArrayList<>();
		for (int round = 0; round < 5; round++) {
			pause = properties.pauseAfter(pause, 0);
			pauses.add(pause);
		}

		assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
				Duration.ofSeconds(8), Duration.ofSeconds(8));
	}

	@Test
	void aRoundThatReadsRecordsGoesBackToThePollInterval() {
		assertThat(properties.pauseAfter(Duration.ofSeconds(8), 3)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void stoppingWaitsForNoPauseOnlyForTheRoundUnderWay() {
		KinesisStreams streams = mock();
		given(streams.shards(anyString())).willReturn(List.<Shard>of());
		var consumer = new ActivityStreamConsumer(mock(KinesisClient.class), streams, mock(ShardCheckpoints.class),
				mock(AlsoBought.class), mock(TransactionTemplate.class), rediscoveringEveryRound(), Clock.systemUTC(),
				new SimpleMeterRegistry());
		consumer.afterPropertiesSet();
		consumer.start();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(streams, atLeast(2)).shards(anyString()));
		// The first round ran; the second waits two seconds.

		CompletableFuture<Void> stop = CompletableFuture.runAsync(consumer::stop);

		await().atMost(Duration.ofSeconds(1)).until(stop::isDone);
		assertThat(consumer.isRunning()).isFalse();
	}

	/** Reads the shard list at every round, so that the test sees the rounds. */
	private RecommendationProperties rediscoveringEveryRound() {
		return new RecommendationProperties("customer-activity", Duration.ofSeconds(1), Duration.ofSeconds(8), 1000,
				Duration.ZERO, 2, 5);
	}
}
