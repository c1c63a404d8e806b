package io.securecart.ratelimit;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Token buckets kept in PostgreSQL (table {@code rate_limit_bucket}), through bucket4j's {@code SELECT ... FOR UPDATE}
 * proxy manager: every instance of a service reads and writes the same row for a caller, so a caller's limit holds
 * however many instances serve them. A bucket's row expires once it would be full again, and {@link #removeExpired}
 * deletes it then.
 */
public final class RateLimiter {

	static final String TABLE = "rate_limit_bucket";

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

	public RateLimiter(DataSource dataSource) {
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(TABLE)
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
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
		ConsumptionProbe probe = buckets.builder()
			.build(ruleName + ":" + rule.capacity() + "/" + rule.period() + ":" + caller, () -> configuration(rule))
			.tryConsumeAndReturnRemaining(1);
		return new Decision(probe.isConsumed(), probe.getRemainingTokens(),
				Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

	/**
	 * Deletes up to {@code batchSize} rows of buckets that are full again: a caller who comes back gets a full bucket
	 * anyway. Rows locked by a request in flight are skipped, so instances may do this at the same time.
	 * @return how many rows were deleted
	 */
	int removeExpired(int batchSize) {
		return buckets.removeExpired(batchSize);
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
	 */
	public record Decision(boolean allowed, long remaining, Duration retryAfter) {

		/** Whole seconds for {@code Retry-After}, rounded up, never below 1. */
		public long retryAfterSeconds() {
			long millis = retryAfter.toMillis();
			return Math.max(1, (millis + 999) / 1000);
		}
	}
}
