package io.securecart.notification.customer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this service sends what it recorded.
 *
 * @param resendInterval how often the sweep looks for notifications that were recorded and not sent (their channel
 * failed or did not answer in time, or the service stopped between the commit and the send), and how old one must be
 * before the sweep takes it from the send that follows its commit
 * @param resendBatch how many notifications the sweep claims at once at most (a page; also never more than
 * {@code senders}, nor than {@code sweep-sends-per-second} lets start at that moment); a round takes page after page
 * while notifications are due and its budget lasts
 * @param sendTimeout how long a send waits for the channel: one that has not answered by then is a failed attempt,
 * tried again by the sweep
 * @param senders how many notifications are sent at once at most (each takes a pooled connection twice, briefly,
 * and never while the channel works)
 * @param sweepSendsPerSecond how many notifications the sweep, and the sends after the commit of one event telling
 * many customers, hand to the channel per second at most, across every instance of the service ({@link SendPace},
 * shared through the database; ADR 36, amended 2026-12-06). 5: below 10 the sends are spaced, never more than the
 * rate in any second, well within a new Amazon SES production account's 14 however many instances run, and the order
 * notices sent at once after their commit, which are not paced, have the rest; 30,000 back-in-stock notices then take
 * about 100 minutes. SES's sandbox allows 1 a second: set 1 there. A provider's quota is per account, as this rate
 * now is: set it below the quota, less room for the order notices. The logging channel allows far more
 * (NotificationSweepIT prints what this machine reaches).
 */
@ConfigurationProperties("securecart.notification")
record NotificationProperties(@DefaultValue("30s") Duration resendInterval, @DefaultValue("100") int resendBatch,
		@DefaultValue("10s") Duration sendTimeout, @DefaultValue("4") int senders,
		@DefaultValue("5") double sweepSendsPerSecond) {

	NotificationProperties {
		if (!sendTimeout.isPositive()) {
			// Every send would fail before the channel could answer: nobody would ever be told.
			throw new IllegalArgumentException(
					"securecart.notification.send-timeout must be positive, not " + sendTimeout);
		}
		if (senders < 1) {
			// Nothing would send: every notification would wait unsent for ever.
			throw new IllegalArgumentException("securecart.notification.senders must be at least 1, not " + senders);
		}
		if (!resendInterval.isPositive()) {
			throw new IllegalArgumentException(
					"securecart.notification.resend-interval must be positive, not " + resendInterval);
		}
		if (resendBatch < 1) {
			// No round would ever claim one.
			throw new IllegalArgumentException(
					"securecart.notification.resend-batch must be at least 1, not " + resendBatch);
		}
		if (!(sweepSendsPerSecond > 0) || Double.isInfinite(sweepSendsPerSecond)) {
			throw new IllegalArgumentException("securecart.notification.sweep-sends-per-second must be positive and "
					+ "finite, not " + sweepSendsPerSecond);
		}
	}

	/**
	 * How many sends one round of the sweep makes at most: what the rate allows in one {@code resend-interval}, so a
	 * round ends by then even on a clock that stands still, and the next one starts on time.
	 */
	int sweepSendsPerRound() {
		double sends = Math.ceil(sweepSendsPerSecond * resendInterval.toNanos() / 1e9);
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, sends));
	}

	/** The longest a failed notice waits for its next try, unless {@code resend-interval} is longer still. */
	static final Duration LONGEST_RESEND_WAIT = Duration.ofHours(1);

	/**
	 * How much longer than {@code resend-interval} a notice waits for its next try after its {@code failures}-th
	 * failed send: the wait is {@code resend-interval × 2^(failures - 1)}, an hour at most (ADR 36, amended
	 * 2026-12-06), so a notice the channel keeps refusing, and every notice during an outage, is asked less and less
	 * often, and stays owed (and raises {@code deferred-work-too-old}) instead of being dropped.
	 */
	Duration backOffAfter(int failures) {
		Duration longest = LONGEST_RESEND_WAIT.compareTo(resendInterval) > 0 ? LONGEST_RESEND_WAIT : resendInterval;
		Duration wait = resendInterval;
		for (int failure = 1; failure < failures && wait.compareTo(longest) < 0; failure++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(longest) < 0 ? wait : longest).minus(resendInterval);
	}

	/** One send per sender at most, so each page's claims outlast its sends even when each waits the full timeout. */
	int sweepPageSize() {
		return Math.min(resendBatch, senders);
	}

	/**
	 * How long a sender holds a notification it claimed: twice {@link #sendTimeout()}, so a sender gives up on the
	 * channel at the timeout and saves the outcome well before its claim runs out. A claim that ran out means its
	 * sender stopped (or is stuck on the database), and the sweep takes the notification again.
	 */
	Duration claimFor() {
		return sendTimeout.multipliedBy(2);
	}

	/**
	 * How much of a claim must be left, beyond {@link #sendTimeout()}, for the sweep to still send a notification it
	 * claimed: half of it (5 s by default), for the outcome's save, so a call that takes its full timeout is saved
	 * before another sender may claim the notification again and call the channel a second time.
	 */
	Duration saveMargin() {
		return sendTimeout.dividedBy(2);
	}
}
