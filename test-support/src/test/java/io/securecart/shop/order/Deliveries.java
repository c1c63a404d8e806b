package io.securecart.shop.order;

import java.time.Clock;
import java.time.Instant;

/** Breaks the convention once: it reads the system clock; the call with a clock is right. */
class Deliveries {

	Instant due(Clock clock) {
		return Instant.now(clock).isAfter(Instant.now()) ? Instant.now(clock) : Instant.EPOCH;
	}

}
