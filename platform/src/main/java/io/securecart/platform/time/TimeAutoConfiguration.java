package io.securecart.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The one clock of a service: every "now" it records or compares comes from this bean, so a test can fix time by
 * declaring its own {@link Clock}. UTC, ticking in microseconds, as PostgreSQL stores time: what an aggregate shows
 * when it is written is what it shows when it is read back, and what its events say.
 */
@AutoConfiguration
public class TimeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.of(1, ChronoUnit.MICROS));
	}
}
