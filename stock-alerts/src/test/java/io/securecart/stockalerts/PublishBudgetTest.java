package io.securecart.stockalerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each publish's share of the time its invocation has left. */
class PublishBudgetTest {

	private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-06T12:00:00Z"));

	@Test
	void aBatchWithOnePublishGivesItUpToTheCeilingNotATenthOfTheTimeout() {
		PublishBudget budget = PublishBudget.forABatch(clock);

		assertThat(budget.nextPublish(1)).isEqualTo(PublishBudget.CEILING);
	}

	@Test
	void aFullBatchSharesWhatIsLeftAndAFastPublishLeavesTheOthersMore() {
		PublishBudget budget = PublishBudget.forABatch(clock);

		Duration first = budget.nextPublish(10);
		assertThat(first).isEqualTo(Duration.ofMillis(19_000 / 10 - 200));

		clock.advance(Duration.ofMillis(50)); // the first came back at once
		assertThat(budget.nextPublish(9)).isGreaterThan(first);
	}

	@Test
	void aBudgetSpentGivesTheFloor() {
		PublishBudget budget = PublishBudget.forABatch(clock);
		clock.advance(Duration.ofSeconds(19));

		assertThat(budget.nextPublish(3)).isEqualTo(PublishBudget.FLOOR);
	}

	/**
	 * The worst case: every record of a full batch crosses a level and every publish stalls for its whole timeout.
	 * The batch still answers within the Lambda's timeout.
	 */
	@Test
	void aFullBatchOfStalledPublishesAnswersWithinTheLambdasTimeout() {
		Instant start = clock.instant();
		PublishBudget budget = PublishBudget.forABatch(clock);

		for (int left = SnsStockLevelPublisher.BATCH_SIZE; left > 0; left--) {
			clock.advance(budget.nextPublish(left));
		}

		assertThat(Duration.between(start, clock.instant()))
			.isLessThanOrEqualTo(SnsStockLevelPublisher.LAMBDA_TIMEOUT.minus(PublishBudget.ANSWER_MARGIN));
	}

	@Test
	void aBatchThatSpentItsBudgetOnFloorsStillEndsWithinTheLambdasTimeout() {
		assertThat(PublishBudget.FLOOR.multipliedBy(SnsStockLevelPublisher.BATCH_SIZE))
			.isLessThan(SnsStockLevelPublisher.LAMBDA_TIMEOUT.minus(PublishBudget.ANSWER_MARGIN));
	}

	/**
	 * Lambda's context says how long the invocation really has: an init retried inside the first invocation may
	 * have spent most of the timeout before the batch arrived.
	 */
	@Test
	void aLambdaWithLessTimeLeftThanABatchSharesWhatItHasLessTheAnswersMargin() {
		PublishBudget budget = PublishBudget.forABatch(clock, Duration.ofSeconds(8));

		assertThat(budget.nextPublish(2)).isEqualTo(Duration.ofMillis(7_000 / 2 - 200));
		assertThat(budget.nextPublish(1)).isEqualTo(PublishBudget.CEILING);
	}

	@Test
	void aLambdaWithMoreTimeLeftIsStillHeldToABatchFromNow() {
		PublishBudget budget = PublishBudget.forABatch(clock, Duration.ofSeconds(60));

		assertThat(budget.nextPublish(10)).isEqualTo(PublishBudget.forABatch(clock).nextPublish(10))
			.isEqualTo(Duration.ofMillis(19_000 / 10 - 200));
	}

	@Test
	void aLambdaWithNoTimeLeftGivesTheFloor() {
		PublishBudget budget = PublishBudget.forABatch(clock, Duration.ofMillis(500));

		assertThat(budget.nextPublish(1)).isEqualTo(PublishBudget.FLOOR);
	}

	/** A clock the test moves. */
	static final class SteppingClock extends Clock {

		private Instant now;

		SteppingClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	}
}
