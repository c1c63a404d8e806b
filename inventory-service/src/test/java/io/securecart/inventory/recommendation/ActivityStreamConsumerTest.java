package io.securecart.inventory.recommendation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.activity.CustomerActivityCodec;
import io.securecart.contracts.activity.ProductViewed;
import io.securecart.platform.stream.KinesisStreams;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
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

	@Test
	void aShardWhoseReadsKeepFailingShowsItsLagGrowingFromItsLastSuccessfulRead() {
		MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
		KinesisClient kinesis = mock();
		given(kinesis.getShardIterator(ArgumentMatchers.<Consumer<GetShardIteratorRequest.Builder>>any()))
			.willReturn(GetShardIteratorResponse.builder().shardIterator("iterator-0").build());
		given(kinesis.getRecords(ArgumentMatchers.<Consumer<GetRecordsRequest.Builder>>any()))
			.willReturn(GetRecordsResponse.builder().millisBehindLatest(0L).nextShardIterator("iterator-1").build())
			.willThrow(KinesisException.builder().message("throttled").build());
		ActivityStreamConsumer consumer = consumer(kinesis, clock, new SimpleMeterRegistry());

		consumer.pollOnce();
		assertThat(consumer.lagSeconds()).isZero();

		clock.advance(Duration.ofSeconds(30));
		consumer.pollOnce();
		clock.advance(Duration.ofSeconds(30));
		consumer.pollOnce();

		assertThat(consumer.lagSeconds()).isEqualTo(60.0);
	}

	@Test
	void onlyAppliedRecordsCountAsAppliedAndRejectedOnesAsRejected() {
		MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
		KinesisClient kinesis = mock();
		given(kinesis.getShardIterator(ArgumentMatchers.<Consumer<GetShardIteratorRequest.Builder>>any()))
			.willReturn(GetShardIteratorResponse.builder().shardIterator("iterator-0").build());
		byte[] view = new CustomerActivityCodec()
			.encode(new ProductViewed(UUID.randomUUID(), "ann", "SC-MUG-002", clock.instant()));
		given(kinesis.getRecords(ArgumentMatchers.<Consumer<GetRecordsRequest.Builder>>any()))
			.willReturn(GetRecordsResponse.builder()
				.records(record("1", view), record("2", "not an activity".getBytes(StandardCharsets.UTF_8)),
						record("3", view))
				.millisBehindLatest(0L)
				.nextShardIterator("iterator-1")
				.build());
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ActivityStreamConsumer consumer = consumer(kinesis, clock, registry);

		consumer.pollOnce();

		assertThat(registry.get(ActivityStreamConsumer.RECORDS_METRIC).tag("outcome", "applied").counter().count())
			.isEqualTo(2);
		assertThat(registry.get(ActivityStreamConsumer.RECORDS_METRIC).tag("outcome", "rejected").counter().count())
			.isEqualTo(1);
	}

	@Test
	void aBatchRolledBackAndReadAgainCountsItsRecordsOnce() {
		MovableClock clock = new MovableClock(Instant.parse("2026-12-06T12:00:00Z"));
		KinesisClient kinesis = mock();
		given(kinesis.getShardIterator(ArgumentMatchers.<Consumer<GetShardIteratorRequest.Builder>>any()))
			.willReturn(GetShardIteratorResponse.builder().shardIterator("iterator-0").build());
		byte[] view = new CustomerActivityCodec()
			.encode(new ProductViewed(UUID.randomUUID(), "ann", "SC-MUG-002", clock.instant()));
		given(kinesis.getRecords(ArgumentMatchers.<Consumer<GetRecordsRequest.Builder>>any()))
			.willReturn(GetRecordsResponse.builder()
				.records(record("1", view), record("2", "not an activity".getBytes(StandardCharsets.UTF_8)))
				.millisBehindLatest(0L)
				.nextShardIterator("iterator-1")
				.build());
		PlatformTransactionManager transactionManager = mock();
		given(transactionManager.getTransaction(any())).willReturn(new SimpleTransactionStatus());
		willThrow(new TransactionSystemException("the commit failed")).willDoNothing()
			.given(transactionManager)
			.commit(any());
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ActivityStreamConsumer consumer = consumer(kinesis, clock, registry, transactionManager);

		consumer.pollOnce(); // rolled back: read again from the checkpoint
		consumer.pollOnce();

		assertThat(registry.get(ActivityStreamConsumer.RECORDS_METRIC).tag("outcome", "applied").counter().count())
			.isEqualTo(1);
		assertThat(registry.get(ActivityStreamConsumer.RECORDS_METRIC).tag("outcome", "rejected").counter().count())
			.isEqualTo(1);
	}

	private ActivityStreamConsumer consumer(KinesisClient kinesis, Clock clock, SimpleMeterRegistry registry) {
		PlatformTransactionManager transactionManager = mock();
		given(transactionManager.getTransaction(any())).willReturn(new SimpleTransactionStatus());
		return consumer(kinesis, clock, registry, transactionManager);
	}

	private ActivityStreamConsumer consumer(KinesisClient kinesis, Clock clock, SimpleMeterRegistry registry,
			PlatformTransactionManager transactionManager) {
		KinesisStreams streams = mock();
		given(streams.shards(anyString()))
			.willReturn(List.of(Shard.builder().shardId("shardId-000000000000").build()));
		ShardCheckpoints checkpoints = mock();
		given(checkpoints.lastApplied(anyString(), anyString())).willReturn(Optional.empty());
		ActivityStreamConsumer consumer = new ActivityStreamConsumer(kinesis, streams, checkpoints,
				mock(AlsoBought.class), new TransactionTemplate(transactionManager), properties, clock, registry);
		consumer.afterPropertiesSet();
		return consumer;
	}

	private static Record record(String sequenceNumber, byte[] data) {
		return Record.builder().sequenceNumber(sequenceNumber).data(SdkBytes.fromByteArray(data)).build();
	}

	/** Reads the shard list at every round, so that the test sees the rounds. */
	private RecommendationProperties rediscoveringEveryRound() {
		return new RecommendationProperties("customer-activity", Duration.ofSeconds(1), Duration.ofSeconds(8), 1000,
				Duration.ZERO, 2, 5);
	}
}
