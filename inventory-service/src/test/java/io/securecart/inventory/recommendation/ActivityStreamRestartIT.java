package io.securecart.inventory.recommendation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.contracts.activity.CustomerActivityCodec;
import io.securecart.contracts.activity.ProductViewed;
import io.securecart.inventory.InventoryDatabase;
import io.securecart.platform.stream.KinesisStreams;
import io.securecart.testsupport.ServiceIntegrationTest;
import io.securecart.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer stopped in the middle of a shard and started again, as a restarted service does: a new instance that
 * knows only inventory's database. It continues after its checkpoint, never from the start, and never past a
 * record whose effect did not commit. Its own one-shard stream, so the service's own consumer is not involved; each
 * round is the consumer's own {@code pollOnce}, so the test decides where "mid-shard" is.
 */
@ServiceIntegrationTest
@AutoConfigureMockMvc // the same context as the other inventory ITs: one start for all of them
class ActivityStreamRestartIT {

	private static final String STREAM = "activity-restart-it-" + UUID.randomUUID().toString().substring(0, 8);

	private static final InventoryDatabase db = InventoryDatabase.connect();

	private static KinesisClient testKinesis;

	@Autowired
	KinesisClient kinesis;

	@Autowired
	KinesisStreams streams;

	@Autowired
	ShardCheckpoints checkpoints;

	@Autowired
	AlsoBought alsoBought;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	Clock clock;

	@BeforeAll
	static void createStream() {
		testKinesis = TestInfrastructure.shared().kinesisClient();
		testKinesis.createStream(request -> request.streamName(STREAM).shardCount(1));
		testKinesis.waiter().waitUntilStreamExists(request -> request.streamName(STREAM));
	}

	@AfterAll
	static void deleteStream() {
		testKinesis.deleteStream(request -> request.streamName(STREAM));
		testKinesis.close();
	}

	@Test
	void aRestartedConsumerContinuesAfterItsCheckpointAndAFailedBatchIsReadAgainFromIt() {
		String sku = db.createProduct("viewed", 1);
		List<String> customers = new ArrayList<>();
		List<String> sequenceNumbers = new ArrayList<>();
		CustomerActivityCodec codec = new CustomerActivityCodec();
		for (int i = 1; i <= 7; i++) {
			String customer = "restart-" + i + "-" + UUID.randomUUID();
			customers.add(customer);
			// Record 4 is no activity at all: kept aside and skipped, it must not stop the shard.
			byte[] data = i == 4 ? "{\"not\":\"an activity\"}".getBytes()
					: codec.encode(ProductViewed.now(customer, sku, clock.instant()));
			sequenceNumbers.add(testKinesis
				.putRecord(request -> request.streamName(STREAM).partitionKey(customer).data(SdkBytes.fromByteArray(data)))
				.sequenceNumber());
		}

		ActivityStreamConsumer first = consumer(new TransactionTemplate(transactionManager), new SimpleMeterRegistry());
		assertThat(first.pollOnce()).isEqualTo(3);
		assertThat(checkpoints.lastApplied(STREAM, shard())).contains(sequenceNumbers.get(2));
		assertThat(first.pollOnce()).isEqualTo(3);
		assertThat(checkpoints.lastApplied(STREAM, shard())).contains(sequenceNumbers.get(5));
		// The first instance is gone here, mid-shard: record 7 is not read yet.

		SimpleMeterRegistry afterRestart = new SimpleMeterRegistry();
		ActivityStreamConsumer failingOnce = consumer(new FailsTheFirstCommit(transactionManager), afterRestart);
		assertThat(failingOnce.pollOnce()).as("the failed batch counts as not read").isZero();
		assertThat(checkpoints.lastApplied(STREAM, shard())).contains(sequenceNumbers.get(5));
		assertThat(interested(customers.get(6), sku)).as("rolled back with its checkpoint").isFalse();

		assertThat(failingOnce.pollOnce()).as("from the checkpoint: record 7 only").isEqualTo(1);
		assertThat(failingOnce.pollOnce()).isZero();
		assertThat(checkpoints.lastApplied(STREAM, shard())).contains(sequenceNumbers.get(6));
		assertThat(afterRestart.get(ActivityStreamConsumer.RECORDS_METRIC).tag("outcome", "applied").counter().count())
			.as("nothing read again after the restart").isEqualTo(1);

		for (int i = 0; i < 7; i++) {
			assertThat(interested(customers.get(i), sku)).as("record %d", i + 1).isEqualTo(i != 3);
		}
		assertThat(db.primary()
			.sql("select sequence_number::text from activity_rejected_record where stream_name = :stream")
			.param("stream", STREAM)
			.query(String.class)
			.list()).containsExactly(sequenceNumbers.get(3));
	}

	@Test
	void anActivityTheReadModelCannotHoldIsRejectedAndTheShardGoesOn() {
		String stream = "activity-unstorable-it-" + UUID.randomUUID().toString().substring(0, 8);
		testKinesis.createStream(request -> request.streamName(stream).shardCount(1));
		testKinesis.waiter().waitUntilStreamExists(request -> request.streamName(stream));
		try {
			String sku = db.createProduct("held", 1);
			String customer = "storable-" + UUID.randomUUID();
			CustomerActivityCodec codec = new CustomerActivityCodec();
			// Both decode: a view with no customer and no SKU, and one with a SKU longer than any the catalog has.
			List<byte[]> records = List.of("{\"activityType\":\"ProductViewed\"}".getBytes(StandardCharsets.UTF_8),
					codec.encode(ProductViewed.now(customer, "SC-" + "X".repeat(62), clock.instant())),
					codec.encode(ProductViewed.now(customer, sku, clock.instant())));
			for (byte[] data : records) {
				testKinesis.putRecord(request -> request.streamName(stream)
					.partitionKey(customer)
					.data(SdkBytes.fromByteArray(data)));
			}
			ActivityStreamConsumer consumer = new ActivityStreamConsumer(kinesis, streams, checkpoints, alsoBought,
					new TransactionTemplate(transactionManager), properties(stream), clock, new SimpleMeterRegistry());
			consumer.afterPropertiesSet();

			assertThat(consumer.pollOnce()).isEqualTo(3);

			assertThat(interested(customer, sku)).as("the record after them is applied").isTrue();
			assertThat(db.primary()
				.sql("select count(*) from activity_rejected_record where stream_name = :stream")
				.param("stream", stream)
				.query(Integer.class)
				.single()).isEqualTo(2);
			assertThat(checkpoints.lastApplied(stream, streams.shards(stream).getFirst().shardId())).isPresent();
		}
		finally {
			testKinesis.deleteStream(request -> request.streamName(stream));
		}
	}

	@Test
	void aMissingStreamStopsTheConsumerFromStarting() {
		ActivityStreamConsumer missing = new ActivityStreamConsumer(kinesis, streams, checkpoints, alsoBought,
				new TransactionTemplate(transactionManager), properties("no-such-stream"), clock,
				new SimpleMeterRegistry());

		org.assertj.core.api.Assertions.assertThatThrownBy(missing::afterPropertiesSet)
			.isInstanceOf(io.securecart.platform.messaging.MissingTopologyException.class)
			.hasMessageContaining("Kinesis stream 'no-such-stream' does not exist");
	}

	private ActivityStreamConsumer consumer(TransactionTemplate transactions, SimpleMeterRegistry registry) {
		ActivityStreamConsumer consumer = new ActivityStreamConsumer(kinesis, streams, checkpoints, alsoBought,
				transactions, properties(STREAM), clock, registry);
		consumer.afterPropertiesSet();
		return consumer;
	}

	private static RecommendationProperties properties(String stream) {
		return new RecommendationProperties(stream, Duration.ofSeconds(1), Duration.ofSeconds(8), 3, Duration.ofSeconds(60), 2, 5);
	}

	private String shard() {
		return streams.shards(STREAM).getFirst().shardId();
	}

	private boolean interested(String customer, String sku) {
		return db.primary()
			.sql("select count(*) from customer_product_interest where customer_id = :customer and sku = :sku and interested")
			.param("customer", customer)
			.param("sku", sku)
			.query(Integer.class)
			.single() == 1;
	}

	/** Applies the batch, then fails before the commit: the effects and the checkpoint roll back together. */
	private static final class FailsTheFirstCommit extends TransactionTemplate {

		private final AtomicBoolean failed = new AtomicBoolean();

		FailsTheFirstCommit(PlatformTransactionManager transactionManager) {
			super(transactionManager);
		}

		@Override
		public <T> T execute(TransactionCallback<T> action) {
			return super.execute((TransactionStatus status) -> {
				T result = action.doInTransaction(status);
				if (failed.compareAndSet(false, true)) {
					throw new IllegalStateException("the database went away before the commit");
				}
				return result;
			});
		}
	}
}
