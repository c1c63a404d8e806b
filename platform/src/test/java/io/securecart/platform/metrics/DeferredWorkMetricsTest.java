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
 * What the deferred-work alarm sees: the backlog as read, and while it cannot be read an unknown count and an age
 * that goes on from what was last known, so that the alarm fires on a backlog unreadable for as long as its threshold.
 */
class DeferredWorkMetricsTest {

	private static final Instant START = Instant.parse("2026-12-05T23:00:00Z");

	private final MovableClock clock = new MovableClock(START);

	private final JdbcClient.StatementSpec statement = mock();

	private final JdbcClient jdbc = jdbcAnswering(statement);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DeferredWorkMetrics metrics = new DeferredWorkMetrics(jdbc,
			List.of(new DeferredWork("owed-invoices", "select count(*) as pending, min(at) as oldest from owed")),
			registry, clock);

	@Test
	void measuresTheBacklogAsItsQueryAnswers() {
		answers(3, START.minus(Duration.ofMinutes(2)));
		metrics.sample();

		assertThat(gauge(DeferredWorkMetrics.PENDING)).isEqualTo(3);
		assertThat(gauge(DeferredWorkMetrics.OLDEST_AGE)).isEqualTo(120);
	}

	@Test
	void anUnreadableBacklogIsOfUnknownSizeAndAgesFromTheOldestLastOwed() {
		answers(1, START.minus(Duration.ofMinutes(2)));
		metrics.sample();
		fails();
		clock.advance(Duration.ofMinutes(20));

		metrics.sample();

		assertThat(gauge(DeferredWorkMetrics.PENDING)).isNaN();
		assertThat(gauge(DeferredWorkMetrics.OLDEST_AGE)).as("owed 2 min before, unreadable for 20 since")
			.isEqualTo(22 * 60);
	}

	@Test
	void anUnreadableBacklogThatWasEmptyAgesFromTheLastReadAndOneNeverReadFromTheStart() {
		fails();
		clock.advance(Duration.ofMinutes(5));
		metrics.sample();
		assertThat(gauge(DeferredWorkMetrics.OLDEST_AGE)).as("never read, since the start").isEqualTo(5 * 60);

		answers(0, null);
		metrics.sample();
		assertThat(gauge(DeferredWorkMetrics.OLDEST_AGE)).isZero();
		fails();
		clock.advance(Duration.ofMinutes(16));
		metrics.sample();

		assertThat(gauge(DeferredWorkMetrics.OLDEST_AGE)).as("empty when last read, 16 min ago").isEqualTo(16 * 60);
	}

	private static JdbcClient jdbcAnswering(JdbcClient.StatementSpec statement) {
		JdbcClient jdbc = mock();
		given(jdbc.sql(anyString())).willReturn(statement);
		return jdbc;
	}

	/** The backlog query answers one row: the mapper the metrics give it reads it. */
	private void answers(long pending, Instant oldest) {
		willAnswer(invocation -> {
			RowMapper<?> mapper = invocation.getArgument(0);
			ResultSet row = mock();
			given(row.getLong("pending")).willReturn(pending);
			given(row.getTimestamp("oldest")).willReturn(oldest == null ? null : Timestamp.from(oldest));
			JdbcClient.MappedQuerySpec<?> spec = mock();
			given(spec.single()).willAnswer(single -> mapper.mapRow(row, 0));
			return spec;
		}).given(statement).query(any(RowMapper.class));
	}

	private void fails() {
		willThrow(new CannotGetJdbcConnectionException("the pool is exhausted")).given(statement)
			.query(any(RowMapper.class));
	}

	private double gauge(String name) {
		return registry.get(name).tag("work", "owed-invoices").gauge().value();
	}
}
