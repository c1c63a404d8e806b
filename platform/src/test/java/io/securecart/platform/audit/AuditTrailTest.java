package io.securecart.platform.audit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What the caller of an audited action is told when the audit row cannot be written (the database refuses every
 * connection here). The rows themselves, against PostgreSQL: {@code AuditTrailIT}.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTest {

	private static final Instant NOW = Instant.parse("2026-12-05T19:00:00Z");

	private final AuditTrail trail = unwritableTrail();

	@BeforeEach
	void signInAsAnOperator() {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("ops", null, "ROLE_ADMIN"));
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void anActionThatWasDoneIsAnsweredAsDoneThoughItsRowCannotBeWritten(CapturedOutput output) {
		AtomicInteger redrives = new AtomicInteger();

		Integer moved = trail.record("dlq.redrive", "queue:orders.fifo", () -> {
			redrives.incrementAndGet();
			return 3;
		}, count -> "moved=" + count);

		assertThat(moved).isEqualTo(3);
		assertThat(redrives).hasValue(1);
		assertThat(output.getAll())
			.contains("audit actor=ops action=dlq.redrive resource=queue:orders.fifo outcome=SUCCESS at=" + NOW
					+ " detail=\"moved=3\"")
			.contains("audit row not recorded: actor=ops action=dlq.redrive resource=queue:orders.fifo "
					+ "outcome=SUCCESS");
	}

	@Test
	void anActionThatFailedKeepsItsOwnExceptionThoughItsRowCannotBeWritten(CapturedOutput output) {
		assertThatThrownBy(() -> trail.record("catalog.price.change", "product:SC-MUG-002", () -> {
			throw new IllegalStateException("no such price list");
		})).isInstanceOf(IllegalStateException.class).hasMessage("no such price list");

		assertThat(output.getAll())
			.contains("audit actor=ops action=catalog.price.change resource=product:SC-MUG-002 outcome=FAILURE")
			.contains("audit row not recorded: actor=ops action=catalog.price.change");
	}

	@Test
	void whatTheCallerAskedForIsRecordedWhetherTheActionFailedOrWasDone(CapturedOutput output) {
		assertThatThrownBy(() -> trail.record("payment.refund.settle", "order:42",
				"refunded=true refundReference=re_1 underAnotherKey=true", () -> {
					throw new IllegalArgumentException("not confirmed by the provider");
				}, settled -> "status=" + settled)).isInstanceOf(IllegalArgumentException.class);
		trail.record("payment.refund.settle", "order:43", "refunded=false refundReference=null underAnotherKey=false",
				() -> "NOT_REFUNDED", settled -> "status=" + settled);

		assertThat(output.getAll())
			.contains("resource=order:42 outcome=FAILURE at=" + NOW + " detail=\"IllegalArgumentException "
					+ "refunded=true refundReference=re_1 underAnotherKey=true\"")
			.contains("resource=order:43 outcome=SUCCESS at=" + NOW + " detail=\"status=NOT_REFUNDED "
					+ "refunded=false refundReference=null underAnotherKey=false\"");
	}

	@Test
	void anActionThatWasDoneIsAnsweredAsDoneThoughItsDetailCannotBeDescribed(CapturedOutput output) {
		String moved = trail.record("dlq.redrive", "queue:orders.fifo", () -> (String) null,
				result -> "moved=" + result.length());

		assertThat(moved).isNull();
		assertThat(output.getAll()).contains(
				"audit actor=ops action=dlq.redrive resource=queue:orders.fifo outcome=SUCCESS at=" + NOW
						+ " detail=\"detail unavailable (NullPointerException)\"");
	}

	@Test
	void aLineBreakInAnAdminsTextCannotWriteAForgedAuditLine(CapturedOutput output) {
		trail.record("listener.pause", "listener:orders", () -> "paused",
				paused -> "reason=\"disk full\naudit actor=alice action=dlq.purge resource=queue:orders.fifo\"");

		assertThat(output.getAll().lines().filter(line -> line.contains("audit actor="))).singleElement()
			.asString()
			.contains("audit actor=ops action=listener.pause")
			.contains("detail=\"reason=\\\"disk full\\naudit actor=alice action=dlq.purge "
					+ "resource=queue:orders.fifo\\\"\"");
	}

	@Test
	void aResourceFromAPathCannotAddFieldsToTheAuditLine(CapturedOutput output) {
		trail.record("dlq.redrive", "queue:x actor=alice action=dlq.purge", () -> 1, moved -> "moved=" + moved);

		assertThat(output.getAll()).contains(
				"audit actor=ops action=dlq.redrive resource=queue:x\\u0020actor\\u003dalice\\u0020action\\u003ddlq.purge "
						+ "outcome=SUCCESS");
	}

	@Test
	void anAuditLineShowsControlCharactersAsEscapes() {
		assertThat(AuditTrail.escaped("a\rb\tc\\d\u0007e\u2028f")).isEqualTo("a\\rb\\tc\\\\d\\u0007e\\u2028f");
		assertThat(AuditTrail.escaped("order:42 status=PAID")).isEqualTo("order:42 status=PAID");
	}

	private static AuditTrail unwritableTrail() {
		DataSource refusing = mock(DataSource.class);
		try {
			given(refusing.getConnection()).willThrow(new SQLException("Connection refused"));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return new AuditTrail(JdbcClient.create(refusing), new DataSourceTransactionManager(refusing),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}
}
