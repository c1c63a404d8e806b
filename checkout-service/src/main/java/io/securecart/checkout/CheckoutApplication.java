package io.securecart.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Checkout: takes orders over REST, prices them from the inventory catalog, sends {@code OrderPlaced} to the orders
 * FIFO queue through the outbox, and follows every later order event to keep each order's status and timeline.
 */
@SpringBootApplication
public class CheckoutApplication {

	public static void main(String[] args) {
		SpringApplication.run(CheckoutApplication.class, args);
	}

	/** In microseconds, as PostgreSQL stores time: what an order shows when placed is what it shows later. */
	@Bean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.of(1, ChronoUnit.MICROS));
	}
}
