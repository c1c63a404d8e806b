package io.securecart.notification.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How many notifications the sweep may hand to the channel now, at {@code sweep-sends-per-second} (ADR 36, amended
 * 2026-12-06). An email provider limits sends per second (Amazon SES: 1 in its sandbox, 14 and up in production) and
 * answers a faster caller with throttling errors; a sweep that sent every due notice as fast as its senders went would
 * turn a big restock into a run of refusals, each retried a {@code resend-interval} later.
 * <p>
 * A token bucket kept as the time the next send is due (the generic cell rate algorithm): sends are spaced
 * {@code 1/rate} apart, and up to a fifth of a second's worth ({@code burst}, at least one) may start at once after a
 * pause, so over any window of {@code t} seconds at most {@code rate * t + burst} start, and in any one second at most
 * {@code rate + burst - 1}: below 10 a second (burst one) never more than the rate. The pace outlives the sweep's
 * rounds: a round that starts right after one that used its sends does not get a second burst. The service's pace is
 * {@link SharedSendPace}, one for every instance.
 */
interface SendPace {

	/** Up to {@code wanted} sends that may start now, taken: fewer (none) when the rate allows fewer. */
	int take(int wanted);

	/**
	 * Takes one send at the first time the rate allows, if that comes within {@code within}: that time, when the send
	 * may start (now or later); empty, taking nothing, when its turn comes later.
	 */
	Optional<Instant> reserve(Duration within);

	/**
	 * Gives back sends this thread's last take took and did not make (a page that came back short): they may start at
	 * once again, unless another take came since, when nothing is given back (its turns are not to be run into).
	 */
	void giveBack(int unused);

	/** How long until at least one send may start, as of the last take: zero when one may now. */
	Duration untilNext();

	/** How many may start at once after a pause: a fifth of a second's worth, at least one. */
	int burst();
}
