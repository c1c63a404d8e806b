package io.securecart.inventory.datasource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Watches the read replica and decides whether catalog reads go to it: a cheap circuit breaker. Every
 * {@code securecart.inventory.replica.probe-interval} it asks the replica where it stands
 * ({@link DatabasePosition}), and the primary how far it has written ({@link PrimaryPositions}); a replica that does
 * not answer, is not a standby any more, cannot tell its lag, or lags more than {@code max-lag} (by its own account,
 * or because it has not replayed WAL the primary had written {@code max-lag} ago: a stalled WAL receiver reports lag
 * 0) takes the reads off itself until a later probe finds it well again. A read that fails on the
 * replica opens the circuit at once ({@link #replicaFailed}), so the requests after it do not each wait for a
 * timeout.
 *
 * <p>
 * A replica on another timeline than the primary is LAGGING whatever its positions say. On an older one, it was left
 * on a history the primary no longer writes (a failover or a point-in-time recovery it did not follow), before or
 * after this instance started ({@link #timelineOfReplica}, {@link #timelineOfPrimary}). On a newer one, it replays a
 * history the primary has never written (the primary's endpoint now names another cluster): its control file never
 * names a timeline it has not received, so it cannot be a late follower. A timeline that cannot be read is said once
 * at WARN (the check is off until it reads again); the primary's is forgotten once it has not been read for
 * {@code max-lag}, so that a value left from before the endpoint moved does not judge the replica for ever.
 *
 * <p>
 * Publishes the lag as the gauge {@value #LAG_METRIC} (seconds; NaN while unknown or down).
 */
public class ReplicaMonitor implements MeterBinder {

	public static final String LAG_METRIC = "securecart.replica.lag";

	private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

	/**
	 * The timeline of the primary's current WAL segment, the first 8 hex digits of its file name: the timeline it
	 * writes now. Its {@code pg_control_checkpoint()} names the timeline of its last checkpoint, which after a
	 * promotion stays the old one until the new timeline's first checkpoint completes. Any user may run both.
	 */
	private static final String PRIMARY_TIMELINE = """
			select ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint
			""";

	/**
	 * The latest timeline a standby's control file knows it on: its last restartpoint's, or its minimum recovery
	 * point's. {@code pg_stat_wal_receiver.received_tli} would be exact, but it is NULL for a user without
	 * {@code pg_read_all_stats}, and there is no row at all while the receiver is not running (an orphan's usual
	 * state); {@code pg_walfile_name} refuses to run in recovery. The control file is readable by any user, and a
	 * replica that never received the new timeline cannot name it; one that follows it names it from its first
	 * restartpoint on that timeline (up to {@code checkpoint_timeout} after the switch; until then it is LAGGING).
	 */
	private static final String REPLICA_TIMELINE = """
			select greatest(c.timeline_id, r.min_recovery_end_timeline)::bigint
			from pg_control_checkpoint() c, pg_control_recovery() r
			""";

	private final JdbcClient replica;

	private final JdbcClient primary;

	private final PrimaryPositions primaryPositions = new PrimaryPositions();

	private final ReplicaDataSourceProperties properties;

	private final Clock clock;

	private volatile ReplicaState state;

	/** When the primary's WAL position was last read; the monitor's start before the first read. */
	private volatile Instant primaryLastRead;

	/** Whether the primary's position has failed to be read since it last was (said once, at WARN). */
	private volatile boolean primaryUnread;

	/** The timeline the primary writes, as last read; null until read, and once not read for {@code max-lag}. */
	private volatile @Nullable Long primaryTimeline;

	/** When {@link #primaryTimeline} was last read. */
	private volatile Instant primaryTimelineRead;

	/** Whether the primary's timeline has failed to be read since it last was (said once, at WARN). */
	private volatile boolean primaryTimelineUnread;

	/** Whether the replica's timeline has failed to be read since it last was (said once, at WARN). */
	private volatile boolean replicaTimelineUnread;

	ReplicaMonitor(JdbcClient replica, JdbcClient primary, ReplicaDataSourceProperties properties, Clock clock) {
		this.replica = replica;
		this.primary = primary;
		this.properties = properties;
		this.clock = clock;
		this.state = properties.enabled() ? ReplicaState.unknown(clock.instant())
				: ReplicaState.disabled(clock.instant());
		this.primaryLastRead = clock.instant();
		this.primaryTimelineRead = clock.instant();
	}

	/** Whether catalog reads should go to the replica now. */
	public boolean servesReads() {
		return state.servesReads();
	}

	public ReplicaState state() {
		return state;
	}

	/** Asks the replica where it stands. Scheduled; also callable to check at once. */
	@Scheduled(fixedDelayString = "${securecart.inventory.replica.probe-interval:1s}")
	public void probe() {
		if (!properties.enabled()) {
			return;
		}
		recordPrimaryPosition();
		// Before the replica is asked: a wait for its pool or its answer is not time the primary went unread.
		Duration unread = Duration.between(primaryLastRead, clock.instant());
		ReplicaState next;
		try {
			DatabasePosition position = DatabasePosition.of(replica);
			Long replicaTimeline = position.replica() ? replicaTimeline() : null;
			Instant now = clock.instant();
			Long primaryOn = primaryTimeline(now);
			if (unread.compareTo(properties.maxLag()) > 0) {
				next = ReplicaState.unjudged(position, "the primary's WAL position has not been read for %d ms: how far "
					.formatted(unread.toMillis()) + "behind it the replica is cannot be told", now);
			}
			else if (replicaTimeline != null && primaryOn != null && replicaTimeline < primaryOn) {
				next = ReplicaState.unjudged(position, "the replica is on timeline %d, the primary writes timeline %d: "
					.formatted(replicaTimeline, primaryOn) + "it has not followed the primary's failover or recovery "
						+ "(or has made no restartpoint on the new timeline yet)", now);
			}
			else if (replicaTimeline != null && primaryOn != null && replicaTimeline > primaryOn) {
				next = ReplicaState.unjudged(position, "the replica is on timeline %d, the primary writes timeline %d: "
					.formatted(replicaTimeline, primaryOn) + "it replays a history the primary has not written "
						+ "(the primary is not the cluster it follows)", now);
			}
			else if (position.replayed() != null && !primaryPositions.judges(position.replayed())) {
				next = ReplicaState.unjudged(position, "the replica has replayed WAL past the primary's position since "
						+ "the primary's history changed (a failover?): it follows another history", now);
			}
			else {
				Duration behindPrimary = position.replayed() == null ? null
						: primaryPositions.behind(position.replayed(), now);
				next = ReplicaState.of(position, behindPrimary, properties.maxLag(), now);
			}
		}
		catch (RuntimeException ex) {
			next = ReplicaState.down("the replica does not answer: " + ex.getMessage(), clock.instant());
		}
		update(next);
	}

	/**
	 * One short query on the primary per probe, read before the replica is asked so that a replica keeping up has
	 * replayed it by then. {@code primary} must bound the read (its own small pool with a short connection wait and
	 * socket timeout, and a query timeout): this is the only probe, and a read that hangs freezes the verdict.
	 * The position is stamped when the answer is in, not before the connection was borrowed: the primary had written
	 * it by then at the latest, and a stamp taken before a wait for the pool would make a replica that keeps up look
	 * behind by the wait. A read that fails adds no sample: the replica is judged by the positions remembered before,
	 * which keep ageing, and once no read has succeeded for {@code max-lag}, not at all (reads go to the primary): its
	 * own account is no answer, since a stalled receiver reports 0. The probe's pool is its own and may fail while the
	 * service's does not.
	 */
	private void recordPrimaryPosition() {
		try {
			String position = primary.sql("select pg_current_wal_lsn()::text").query(String.class).single();
			Instant read = clock.instant();
			primaryPositions.record(Lsn.of(position), read);
			primaryLastRead = read;
			readPrimaryTimeline();
			if (primaryUnread) {
				primaryUnread = false;
				log.info("The primary's WAL position is read again");
			}
		}
		catch (RuntimeException ex) {
			if (!primaryUnread) {
				primaryUnread = true;
				log.warn("The primary's WAL position could not be read; past max-lag without it, catalog reads go to "
						+ "the primary: {}", ex.getMessage());
			}
			else {
				log.debug("The primary's WAL position could not be read: {}", ex.getMessage());
			}
		}
	}

	/**
	 * The replica's timeline, or null if it cannot be read (its position was: the replica is judged without it, as
	 * before timelines were compared).
	 */
	private @Nullable Long replicaTimeline() {
		try {
			Long timeline = timelineOfReplica(replica);
			if (timeline == null) {
				throw new IllegalStateException("its control file named no timeline");
			}
			if (replicaTimelineUnread) {
				replicaTimelineUnread = false;
				log.info("The replica's timeline is read again");
			}
			return timeline;
		}
		catch (RuntimeException ex) {
			if (!replicaTimelineUnread) {
				replicaTimelineUnread = true;
				log.warn("The replica's timeline could not be read; until it is, a replica orphaned by a failover is "
						+ "judged by its positions only: {}", ex.getMessage());
			}
			else {
				log.debug("The replica's timeline could not be read: {}", ex.getMessage());
			}
			return null;
		}
	}

	/** The latest timeline a standby's control file names ({@link #REPLICA_TIMELINE}). */
	static @Nullable Long timelineOfReplica(JdbcClient replica) {
		return replica.sql(REPLICA_TIMELINE).query(Long.class).single();
	}

	/** The timeline a primary writes now ({@link #PRIMARY_TIMELINE}). */
	static @Nullable Long timelineOfPrimary(JdbcClient primary) {
		return primary.sql(PRIMARY_TIMELINE).query(Long.class).single();
	}

	/**
	 * A failed read keeps the timeline read before, for {@code max-lag} ({@link #primaryTimeline(Instant)}): it
	 * changes only at a failover or a recovery, which also moves the position backwards or stops the reads. Beyond
	 * that it would outlive a move of the primary's endpoint to a cluster on a lower timeline, and keep a replica
	 * that follows that cluster LAGGING for as long as the reads fail.
	 */
	private void readPrimaryTimeline() {
		try {
			Long timeline = timelineOfPrimary(primary);
			if (timeline == null) {
				throw new IllegalStateException("its WAL file name gave no timeline");
			}
			primaryTimeline = timeline;
			primaryTimelineRead = clock.instant();
			if (primaryTimelineUnread) {
				primaryTimelineUnread = false;
				log.info("The primary's timeline is read again");
			}
		}
		catch (RuntimeException ex) {
			if (!primaryTimelineUnread) {
				primaryTimelineUnread = true;
				log.warn("The primary's timeline could not be read; the last one read is used for max-lag, then a "
						+ "replica orphaned by a failover is judged by its positions only: {}", ex.getMessage());
			}
			else {
				log.debug("The primary's timeline could not be read: {}", ex.getMessage());
			}
		}
	}

	/** The primary's timeline as last read, or null if that was more than {@code max-lag} ago (or never). */
	private @Nullable Long primaryTimeline(Instant now) {
		if (Duration.between(primaryTimelineRead, now).compareTo(properties.maxLag()) > 0) {
			primaryTimeline = null;
		}
		return primaryTimeline;
	}

	/** A read on the replica failed: send reads to the primary until a probe finds the replica well. */
	public void replicaFailed(Throwable failure) {
		if (properties.enabled()) {
			update(ReplicaState.down("a read on the replica failed: " + failure.getMessage(), clock.instant()));
		}
	}

	private void update(ReplicaState next) {
		ReplicaState previous = state;
		state = next;
		if (previous.servesReads() && !next.servesReads()) {
			log.warn("Catalog reads go to the primary: {}", next.problem());
		}
		else if (!previous.servesReads() && next.servesReads()) {
			log.info("Catalog reads go to the replica again (lag {} ms)",
					next.lag() == null ? "unknown" : next.lag().toMillis());
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(LAG_METRIC, this, ReplicaMonitor::lagSeconds)
			.description("How far the read replica trails the primary, as last measured; NaN while unknown or down")
			.baseUnit("seconds")
			.register(registry);
	}

	private double lagSeconds() {
		ReplicaState current = state;
		Duration lag = current.lag();
		if (lag == null || current.condition() == ReplicaState.Condition.DOWN) {
			return Double.NaN;
		}
		return lag.toNanos() / 1e9;
	}
}
