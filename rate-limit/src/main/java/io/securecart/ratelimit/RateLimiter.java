package io.securecart.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Token buckets kept in PostgreSQL (table {@code rate_limit_bucket}), through bucket4j's {@code SELECT ... FOR UPDATE}
 * proxy manager: every instance of a service reads and writes the same row for a caller, so a caller's limit holds
 * however many instances serve them. A bucket's row expires once it would be full again, and {@link #removeExpired}
 * deletes it then.
 * <p>
 * A caller the database refused is refused from memory until their bucket has a token again (the database could only
 * say the same: other instances can take tokens, never add them). Without that, every request of a flood took a
 * pooled connection to wait on the caller's one locked row, and a single address could fill the pool and hold up
 * everyone else's requests, sign-ins included.
 * <p>
 * Buckets refill by the injected {@link Clock}, as the refusals remembered here expire by it: on two clocks, a caller
 * was refused from memory after their bucket had refilled, or asked of the database while it still refused them. Only
 * {@link #removeExpired} reads the wall clock (bucket4j's delete does), which at worst keeps a full bucket's row a
 * while longer.
 */
public final class RateLimiter {

	static final String TABLE = "rate_limit_bucket";

	/** Refused callers remembered at once; the oldest go first (the database still refuses them). */
	static final int REMEMBERED_REFUSALS = 10_000;

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	/** When each refused bucket has a token again. */
	private final Map<String, Instant> refusedUntil = Collections.synchronizedMap(
			new LinkedHashMap<>(16, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
					return size() > REMEMBERED_REFUSALS;
				}
			});

	private final Clock clock;

	public RateLimiter(DataSource dataSource, Clock clock) {
		this.clock = clock;
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(TABLE)
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			.clientClock(timeMeter(clock))
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build();
	}

	/**
	 * Takes one token from {@code caller}'s bucket of rule {@code ruleName}.
	 * @return whether the request may go on, and if not, how long until it may
	 */
	public Decision tryConsume(String ruleName, RateLimitProperties.Rule rule, String caller) {
		// The limit is part of the key: a bucket keeps the configuration it was made with, so a changed capacity or
		// period gets buckets of its own at once instead of once the old rows are gone.
		String bucket = ruleName + ":" + rule.capacity() + "/" + rule.period() + ":" + caller;
		Instant now = clock.instant();
		Instant until = refusedUntil.get(bucket);
		if (until != null && until.isAfter(now)) {
			return new Decision(false, 0, Duration.between(now, until), true);
		}
		ConsumptionProbe probe = buckets.builder()
			.build(bucket, () -> configuration(rule))
			.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			refusedUntil.remove(bucket);
		}
		else {
			refusedUntil.put(bucket, now.plusNanos(probe.getNanosToWaitForRefill()));
		}
		return new Decision(probe.isConsumed(), probe.getRemainingTokens(),
				Duration.ofNanos(probe.getNanosToWaitForRefill()), false);
	}

	/**
	 * Forgets the refusals remembered in memory, so the database is asked again at once: after buckets were emptied
	 * by hand (a test's fresh start; an operator lifting a limit, which otherwise holds here until the caller's bucket
	 * would have had a token again).
	 */
	public void forgetRefusals() {
		refusedUntil.clear();
	}

	/**
	 * Deletes up to {@code batchSize} rows of buckets that are full again: a caller who comes back gets a full bucket
	 * anyway. Rows locked by a request in flight are skipped, so instances may do this at the same time.
	 * @return how many rows were deleted
	 */
	int removeExpired(int batchSize) {
		return buckets.removeExpired(batchSize);
	}

	private static TimeMeter timeMeter(Clock clock) {
		return new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				Instant now = clock.instant();
				return now.getEpochSecond() * 1_000_000_000L + now.getNano();
			}

			@Override
			public boolean isWallClockBased() {
				return true; // bucket4j writes expires_at from it, as epoch time
			}
		};
	}

	private static BucketConfiguration configuration(RateLimitProperties.Rule rule) {
		return BucketConfiguration.builder()
			.addLimit(Bandwidth.builder().capacity(rule.capacity()).refillGreedy(rule.capacity(), rule.period()).build())
			.build();
	}

	/**
	 * @param allowed whether a token was taken
	 * @param remaining tokens left after this request
	 * @param retryAfter how long until a token is available again (zero when allowed)
	 * @param remembered refused from memory: the database refused this caller already, and was not asked again
	 */
	public record Decision(boolean allowed, long remaining, Duration retryAfter, boolean remembered) {

		/** Whole seconds for {@code Retry-After}, rounded up, never below 1. */
		public long retryAfterSeconds() {
			long millis = retryAfter.toMillis();
			return Math.max(1, (millis + 999) / 1000);
		}
	}
}
