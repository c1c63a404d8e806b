package io.securecart.shop.order;

import java.time.Clock;
import java.time.Instant;

import io.github.resilience4j.retry.annotation.Retry;

/**
 * Breaks the conventions twice: it reads the system clock (the call with a clock is right), and it asks for a retry
 * by annotation.
 */
class Deliveries {

	Instant due(Clock clock) {
		return Instant.now(clock).isAfter(Instant.now()) ? Instant.now(clock) : Instant.EPOCH;
	}

	@Retry(name = "carrier")
	String carrier() {
		return "post";
	}

}
