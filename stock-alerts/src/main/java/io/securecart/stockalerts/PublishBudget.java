package io.securecart.stockalerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long each publish of one invocation may take: the time the invocation has left, shared by the publishes still
 * to make. A batch whose records mostly cross no level, or whose first publishes came back at once, leaves its
 * others more than a tenth of the Lambda's timeout: a cold function's first publish (its SDK's first request, a TLS
 * handshake) may need more than 1.5 s, and held to a tenth of the timeout it would fail, its record delivered
 * again. A batch whose every publish stalls still answers in time, since each takes at most its share of what is
 * left.
 *
 * <p>
 * On Lambda the time left is what its {@code Context} says remains ({@link #forABatch(Clock, Duration)}), less
 * {@link #ANSWER_MARGIN}, and never more than {@link #FOR_A_BATCH} from when the function got the batch: the time
 * before that is not always the adapter's parsing alone. An init that runs over 10 s is retried by Lambda inside
 * the first invocation, under the function's timeout, so a cold start may have spent much of the 20 s before the
 * batch arrives. Where there is no Lambda context (inventory-service's in-process host), the clock alone counts
 * ({@link #forABatch(Clock)}).
 */
final class PublishBudget {

	/** Kept for the batch's answer and what ran before the function got the batch. */
	static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

	/** The time an invocation's publishes share: the Lambda's timeout less {@link #ANSWER_MARGIN}. */
	static final Duration FOR_A_BATCH = SnsStockLevelPublisher.LAMBDA_TIMEOUT.minus(ANSWER_MARGIN);

	/** Left of each publish's share for the record's decoding and logging, and the timeout's own overshoot. */
	static final Duration PER_PUBLISH_MARGIN = Duration.ofMillis(200);

	/** Less is no use: a publish that is not given this fails anyway. */
	static final Duration FLOOR = Duration.ofSeconds(1);

	/**
	 * No publish waits longer, however much time is left: inventory-service's listener runs the function one record
	 * at a time and holds its message meanwhile.
	 */
	static final Duration CEILING = Duration.ofSeconds(5);

	private final Clock clock;

	private final Instant deadline;

	private PublishBudget(Clock clock, Duration time) {
		this.clock = clock;
		this.deadline = clock.instant().plus(time);
	}

	/** A budget of {@link #FOR_A_BATCH} from now: without a Lambda context. */
	static PublishBudget forABatch(Clock clock) {
		return new PublishBudget(clock, FOR_A_BATCH);
	}

	/**
	 * A budget of {@link #FOR_A_BATCH} from now, or of the invocation's {@code remaining} time (Lambda's
	 * {@code Context.getRemainingTimeInMillis()}) less {@link #ANSWER_MARGIN} if that is shorter. A budget already
	 * spent gives each publish the {@link #FLOOR}: the records it cannot publish in time fail and are delivered again.
	 */
	static PublishBudget forABatch(Clock clock, Duration remaining) {
		Duration left = remaining.minus(ANSWER_MARGIN);
		return new PublishBudget(clock, left.compareTo(FOR_A_BATCH) < 0 ? left : FOR_A_BATCH);
	}

	/**
	 * The timeout of the next publish, with {@code publishesLeft} (this one included) still to make: its share of the
	 * time left, less {@link #PER_PUBLISH_MARGIN}, within {@link #FLOOR} and {@link #CEILING}.
	 */
	Duration nextPublish(int publishesLeft) {
		Duration left = Duration.between(clock.instant(), deadline);
		Duration share = left.dividedBy(Math.max(1, publishesLeft)).minus(PER_PUBLISH_MARGIN);
		if (share.compareTo(FLOOR) < 0) {
			return FLOOR;
		}
		return share.compareTo(CEILING) > 0 ? CEILING : share;
	}
}
