package io.securecart.inventory.recommendation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.contracts.activity.CartItemAdded;
import io.securecart.contracts.activity.CustomerActivity;
import io.securecart.contracts.activity.CustomerActivityCodec;
import io.securecart.contracts.activity.ProductViewed;
import io.securecart.platform.stream.KinesisStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Reads every shard of the customer activity stream into {@link AlsoBought}: a small shard poller (the Kinesis
 * Client Library is not served to this build; docs/adr/0014). One thread; each round, one {@code GetRecords} per
 * readable shard.
 * <ul>
 * <li><b>Checkpoints.</b> A batch's effects and its shard's checkpoint (the last record's sequence number) commit in
 * one transaction. A restart, or a failed batch, continues {@code AFTER_SEQUENCE_NUMBER} the checkpoint: never from
 * the start, never past a record whose effect is not committed. Only a shard never read starts at
 * {@code TRIM_HORIZON}, the oldest record the stream keeps.</li>
 * <li><b>Resharding.</b> The shard list is read at start and every {@code shard-discovery-interval}. A child shard is
 * read only once its parents are finished (closed and read to their end) or gone, so one customer's activities are
 * applied in the order they were put, across a split or a merge.</li>
 * <li><b>Bad records.</b> A record that does not decode is kept in {@code activity_rejected_record} and counted; the
 * checkpoint moves past it. Kinesis has no dead-letter queue, and one bad record must not stop a shard.</li>
 * </ul>
 * Several instances read every shard each (no leases): the read model is idempotent, so that costs requests, not
 * correctness.
 */
class ActivityStreamConsumer implements SmartLifecycle, InitializingBean {

	static final String LAG_METRIC = "securecart.activity.consumer.lag";

	static final String RECORDS_METRIC = "securecart.activity.consumer.records";

	private static final Logger log = LoggerFactory.getLogger(ActivityStreamConsumer.class);

	/** {@code customer_product_interest}'s columns. */
	private static final int MAX_CUSTOMER_ID = 255;

	private static final int MAX_SKU = 64;

	private final KinesisClient kinesis;

	private final KinesisStreams streams;

	private final ShardCheckpoints checkpoints;

	private final AlsoBought alsoBought;

	private final TransactionTemplate transactions;

	private final RecommendationProperties properties;

	private final Clock clock;

	private final CustomerActivityCodec codec = new CustomerActivityCodec();

	private final Counter applied;

	private final Counter rejected;

	/** Every shard known and not finished, by id. */
	private final Map<String, ShardPosition> shards = new ConcurrentHashMap<>();

	private volatile Instant nextDiscovery = Instant.MIN;

	private volatile ScheduledExecutorService scheduler;

	ActivityStreamConsumer(KinesisClient kinesis, KinesisStreams streams, ShardCheckpoints checkpoints,
			AlsoBought alsoBought, TransactionTemplate transactions, RecommendationProperties properties, Clock clock,
			MeterRegistry registry) {
		this.kinesis = kinesis;
		this.streams = streams;
		this.checkpoints = checkpoints;
		this.alsoBought = alsoBought;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.applied = Counter.builder(RECORDS_METRIC)
			.description("Activity records read from the stream and applied to the read model")
			.tag("stream", properties.stream())
			.tag("outcome", "applied")
			.register(registry);
		this.rejected = Counter.builder(RECORDS_METRIC)
			.description("Activity records read from the stream and applied to the read model")
			.tag("stream", properties.stream())
			.tag("outcome", "rejected")
			.register(registry);
		Gauge.builder(LAG_METRIC, this, ActivityStreamConsumer::lagSeconds)
			.description("How far the consumer trails the newest record of the stream (GetRecords' "
					+ "MillisBehindLatest, or the time since its last successful read if longer; the most of any "
					+ "shard)")
			.baseUnit("seconds")
			.tag("stream", properties.stream())
			.register(registry);
	}

	/** A consumer whose stream is missing would serve stale recommendations while looking healthy: refuse to start. */
	@Override
	public void afterPropertiesSet() {
		discoverShards();
		log.info("Activity stream {} present: reading shards {}", properties.stream(), shards.keySet());
	}

	/**
	 * One round: the shard list again if it is time, then one {@code GetRecords} per readable shard.
	 * @return how many records this round applied
	 */
	int pollOnce() {
		if (!clock.instant().isBefore(nextDiscovery)) {
			discoverShards();
		}
		int read = 0;
		for (ShardPosition shard : List.copyOf(shards.values())) {
			if (readable(shard)) {
				read += poll(shard);
			}
		}
		shards.values().removeIf(ShardPosition::finished);
		return read;
	}

	private void discoverShards() {
		for (Shard shard : streams.shards(properties.stream())) {
			if (!shards.containsKey(shard.shardId()) && !checkpoints.finished(properties.stream(), shard.shardId())) {
				shards.put(shard.shardId(), new ShardPosition(shard.shardId(),
						Stream.of(shard.parentShardId(), shard.adjacentParentShardId()).filter(Objects::nonNull).toList(),
						clock.instant()));
			}
		}
		nextDiscovery = clock.instant().plus(properties.shardDiscoveryInterval());
	}

	/** A parent still being read (known and not finished) comes first: a customer's older activities are there. */
	private boolean readable(ShardPosition shard) {
		return shard.parents.stream().noneMatch(parent -> shards.containsKey(parent) && !shards.get(parent).finished());
	}

	private int poll(ShardPosition shard) {
		try {
			if (shard.iterator == null) {
				shard.iterator = iteratorFromCheckpoint(shard.shardId);
			}
			String iterator = shard.iterator;
			GetRecordsResponse answer = kinesis
				.getRecords(request -> request.shardIterator(iterator).limit(properties.maxRecordsPerPoll()));
			List<Record> records = answer.records();
			if (!records.isEmpty()) {
				// Counted after the commit: a batch rolled back is read again, and would count twice.
				Outcome outcome = transactions.execute(status -> apply(shard.shardId, records));
				if (outcome != null) {
					applied.increment(outcome.applied());
					rejected.increment(outcome.rejected());
				}
			}
			shard.millisBehindLatest = answer.millisBehindLatest() == null ? 0 : answer.millisBehindLatest();
			shard.lastSuccess = clock.instant();
			if (answer.nextShardIterator() == null) {
				checkpoints.finish(properties.stream(), shard.shardId, clock.instant());
				shard.finished = true;
				log.info("Shard {} of {} closed and read to its end", shard.shardId, properties.stream());
			}
			shard.iterator = answer.nextShardIterator();
			return records.size();
		}
		catch (RuntimeException ex) {
			// Start again from the checkpoint: what this batch did was rolled back, or never happened.
			shard.iterator = null;
			log.warn("Reading shard {} of {} failed, retrying from its checkpoint: {}", shard.shardId,
					properties.stream(), ex.toString());
			return 0;
		}
	}

	private String iteratorFromCheckpoint(String shardId) {
		var checkpoint = checkpoints.lastApplied(properties.stream(), shardId);
		return kinesis.getShardIterator(request -> {
			request.streamName(properties.stream()).shardId(shardId);
			checkpoint.ifPresentOrElse(
					sequence -> request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
						.startingSequenceNumber(sequence),
					() -> request.shardIteratorType(ShardIteratorType.TRIM_HORIZON));
		}).shardIterator();
	}

	/** @return how many of the records were applied and how many rejected */
	private Outcome apply(String shardId, List<Record> records) {
		Instant now = clock.instant();
		int appliedRecords = 0;
		int rejectedRecords = 0;
		for (Record record : records) {
			byte[] data = record.data().asByteArray();
			CustomerActivity activity;
			try {
				activity = requireStorable(codec.decode(data));
			}
			catch (RuntimeException ex) {
				checkpoints.reject(properties.stream(), shardId, record.sequenceNumber(), data, ex.toString(), now);
				rejectedRecords++;
				log.warn("Rejected record {} of shard {}: {}", record.sequenceNumber(), shardId, ex.toString());
				continue;
			}
			switch (activity) {
				case ProductViewed view -> alsoBought.interested(view.customerId(), view.sku());
				case CartItemAdded addition -> alsoBought.interested(addition.customerId(), addition.sku());
			}
			appliedRecords++;
		}
		checkpoints.advance(properties.stream(), shardId, records.getLast().sequenceNumber(), now);
		return new Outcome(appliedRecords, rejectedRecords);
	}

	/** What a batch did, counted once its transaction committed. */
	private record Outcome(int applied, int rejected) {
	}

	/**
	 * An activity the read model cannot hold fails here, as a record that cannot be decoded: rejected, and the shard
	 * goes on. Failing in the insert instead would roll back the batch with its checkpoint, and the shard would read
	 * the same batch again every round until the stream trimmed it.
	 */
	private static CustomerActivity requireStorable(CustomerActivity activity) {
		if (!StringUtils.hasText(activity.customerId()) || activity.customerId().length() > MAX_CUSTOMER_ID
				|| !StringUtils.hasText(activity.sku()) || activity.sku().length() > MAX_SKU) {
			throw new IllegalArgumentException("A %s needs a customer (at most %d characters) and a SKU (at most %d)"
				.formatted(activity.getClass().getSimpleName(), MAX_CUSTOMER_ID, MAX_SKU));
		}
		return activity;
	}

	/**
	 * The most any shard trails: its {@code MillisBehindLatest} as last read, or the time since it was last read
	 * successfully if that is longer. A shard whose reads keep failing would otherwise keep showing its last answer
	 * (often 0) while records pile up unread; so an idle stream shows up to one pause between rounds
	 * ({@code quiet-poll-interval} at most).
	 */
	double lagSeconds() {
		Instant now = clock.instant();
		return shards.values()
			.stream()
			.mapToLong(shard -> Math.max(shard.millisBehindLatest,
					Math.max(0, Duration.between(shard.lastSuccess, now).toMillis())))
			.max()
			.orElse(0) / 1000.0;
	}

	/** One round, then the next after a pause that grows while the shards are empty. */
	private void pollAndScheduleNext(ScheduledExecutorService rounds, Duration lastPause) {
		int read = 0;
		try {
			read = pollOnce();
		}
		catch (RuntimeException ex) {
			// The stream or the database may be briefly unreachable; the next round tries again.
			log.warn("Activity stream round failed: {}", ex.toString());
		}
		Duration pause = properties.pauseAfter(lastPause, read);
		try {
			rounds.schedule(() -> pollAndScheduleNext(rounds, pause), pause.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopping) {
			// stop() shut the rounds down while this one ran.
		}
	}

	@Override
	public synchronized void start() {
		if (scheduler == null) {
			var rounds = new ScheduledThreadPoolExecutor(1,
					Thread.ofPlatform().name("activity-stream-consumer").factory());
			// stop() waits for a round under way, not for the next one's pause.
			rounds.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			rounds.execute(() -> pollAndScheduleNext(rounds, properties.pollInterval()));
			scheduler = rounds;
		}
	}

	@Override
	public synchronized void stop() {
		if (scheduler != null) {
			scheduler.shutdown();
			try {
				scheduler.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

	/** Where this consumer is in one shard; only the consumer's thread reads and writes it. */
	private static final class ShardPosition {

		final String shardId;

		final List<String> parents;

		String iterator;

		volatile long millisBehindLatest;

		volatile boolean finished;

		/** When a read of it last succeeded; at first, when it was found: it is behind since then, until read. */
		volatile Instant lastSuccess;

		ShardPosition(String shardId, List<String> parents, Instant found) {
			this.shardId = shardId;
			this.parents = new ArrayList<>(parents);
			this.lastSuccess = found;
		}

		boolean finished() {
			return finished;
		}
	}
}
