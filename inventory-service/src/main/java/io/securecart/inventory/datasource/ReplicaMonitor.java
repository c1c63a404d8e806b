package io.securecart.inventory.datasource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
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
 * Publishes the lag as the gauge {@value #LAG_METRIC} (seconds; NaN while unknown or down).
 */
public class ReplicaMonitor implements MeterBinder {

	public static final String LAG_METRIC = "securecart.replica.lag";

	private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

	private final JdbcClient replica;

	private final JdbcClient primary;

	private final PrimaryPositions primaryPositions = new PrimaryPositions();

	private final ReplicaDataSourceProperties properties;

	private final Clock clock;

	private volatile ReplicaState state;

	ReplicaMonitor(JdbcClient replica, JdbcClient primary, ReplicaDataSourceProperties properties, Clock clock) {
		this.replica = replica;
		this.primary = primary;
		this.properties = properties;
		this.clock = clock;
		this.state = properties.enabled() ? ReplicaState.unknown(clock.instant())
				: ReplicaState.disabled(clock.instant());
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
		ReplicaState next;
		try {
			DatabasePosition position = DatabasePosition.of(replica);
			Instant now = clock.instant();
			Duration behindPrimary = position.replayed() == null ? null
					: primaryPositions.behind(position.replayed(), now);
			next = ReplicaState.of(position, behindPrimary, properties.maxLag(), now);
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
	 * behind by the wait. A read that fails adds no sample: the replica is then judged by its own account and by the
	 * positions remembered before, which keep ageing.
	 */
	private void recordPrimaryPosition() {
		try {
			String position = primary.sql("select pg_current_wal_lsn()::text").query(String.class).single();
			primaryPositions.record(Lsn.of(position), clock.instant());
		}
		catch (RuntimeException ex) {
			log.debug("The primary's WAL position could not be read: {}", ex.getMessage());
		}
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
