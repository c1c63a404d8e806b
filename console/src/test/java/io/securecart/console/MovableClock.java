package io.securecart.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves on. */
public final class MovableClock extends Clock {

	private final AtomicReference<Instant> now;

	public MovableClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	public void move(Duration by) {
		now.updateAndGet(instant -> instant.plus(by));
	}

	@Override
	public Instant instant() {
		return now.get();
	}

	@Override
	public ZoneOffset getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}
}
