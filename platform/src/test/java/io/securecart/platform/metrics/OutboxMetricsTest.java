package io.securecart.platform.metrics;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.testsupport.MovableClock;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * What the outbox-backlog alarm sees while the backlog cannot be read: unknown counts and an age that goes on from the
 * oldest row last seen pending, never the last reading frozen. {@code MetricsIT} reads a real backlog.
 */
class OutboxMetricsTest {

	private static final Instant START = Instant.parse("2026-12-06T14:00:00Z");

	private static final String TOPIC = "order-events";

	private final MovableClock clock = new MovableClock(START);

	private final JdbcClient.StatementSpec statement = mock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final OutboxMetrics metrics = new OutboxMetrics(jdbcAnswering(statement), registry, clock);

	@Test
	void anUnreadableBacklogIsOfUnknownSizeAndAgesFromTheOldestRowLastSeenPending() {
		answers(3, 1, START.minus(Duration.ofSeconds(10)));
		metrics.sample();
		assertThat(gauge(OutboxMetrics.PENDING)).isEqualTo(3);
		assertThat(gauge(OutboxMetrics.SET_ASIDE)).isOne();
		assertThat(gauge(OutboxMetrics.OLDEST_AGE)).isEqualTo(10);

		fails();
		clock.advance(Duration.ofMinutes(2));
		metrics.sample();

		assertThat(gauge(OutboxMetrics.PENDING)).isNaN();
		assertThat(gauge(OutboxMetrics.SET_ASIDE)).isNaN();
		assertThat(gauge(OutboxMetrics.OLDEST_AGE)).as("pending 10 s before, unreadable for 2 min since")
			.isEqualTo(130);
	}

	@Test
	void anUnreadableBacklogThatWasEmptyAgesFromTheLastReading() {
		answers(1, 0, START);
		metrics.sample();
		clock.advance(Duration.ofMinutes(1));
		answersNothing();
		metrics.sample();
		assertThat(gauge(OutboxMetrics.PENDING)).isZero();
		assertThat(gauge(OutboxMetrics.OLDEST_AGE)).isZero();

		fails();
		clock.advance(Duration.ofMinutes(3));
		metrics.sample();

		assertThat(gauge(OutboxMetrics.OLDEST_AGE)).as("empty when last read, 3 min ago").isEqualTo(180);
	}

	private static JdbcClient jdbcAnswering(JdbcClient.StatementSpec statement) {
		JdbcClient jdbc = mock();
		given(jdbc.sql(anyString())).willReturn(statement);
		return jdbc;
	}

	/** The backlog query answers one destination's row: the mapper the metrics give it reads it. */
	private void answers(long pending, long setAside, Instant oldest) {
		willAnswer(invocation -> {
			RowMapper<?> mapper = invocation.getArgument(0);
			ResultSet row = mock();
			given(row.getString("destination")).willReturn(TOPIC);
			given(row.getLong("pending")).willReturn(pending);
			given(row.getLong("set_aside")).willReturn(setAside);
			given(row.getTimestamp("oldest")).willReturn(Timestamp.from(oldest));
			JdbcClient.MappedQuerySpec<?> spec = mock();
			given(spec.list()).willAnswer(list -> List.of(mapper.mapRow(row, 0)));
			return spec;
		}).given(statement).query(any(RowMapper.class));
	}

	private void answersNothing() {
		JdbcClient.MappedQuerySpec<?> spec = mock();
		given(spec.list()).willReturn(List.of());
		willAnswer(invocation -> spec).given(statement).query(any(RowMapper.class));
	}

	private void fails() {
		willThrow(new CannotGetJdbcConnectionException("the pool is exhausted")).given(statement)
			.query(any(RowMapper.class));
	}

	private double gauge(String name) {
		return registry.get(name).tag("destination", TOPIC).gauge().value();
	}
}
