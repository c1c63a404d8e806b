package io.securecart.payment.gateway;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import io.securecart.contracts.Money;
import io.securecart.payment.gateway.SimulatedGatewayLedger.Call;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The PostgreSQL books when the database gives no connection: a provider that does not answer, asked again with the
 * same key, never a failure for good. What they answer when it does, {@code SimulatedPaymentGatewayIT} proves.
 */
class JdbcSimulatedGatewayLedgerTest {

	private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

	private static final Money TOTAL = Money.of("39.98");

	private final JdbcSimulatedGatewayLedger ledger = overADatabaseThatGivesNoConnection();

	/**
	 * A refund's transaction that cannot begin is a {@code CannotCreateTransactionException}: a
	 * {@code TransactionException}, not a {@code DataAccessException}, so it escaped as a 500 (or sent the
	 * compensation to the DLQ) instead of a call to ask again.
	 */
	@Test
	void aRefundWhoseTransactionCannotBeginIsAnUnavailableGateway() {
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(() -> ledger.answerRefund(
				"refund:order-1", new Call("refund", ""), "re_" + "0".repeat(32), "ch_" + "1".repeat(32), TOTAL, null,
				NOW));
	}

	@Test
	void aLookupOrAChargeWithoutAConnectionIsAnUnavailableGateway() {
		assertThatExceptionOfType(GatewayUnavailableException.class)
			.isThrownBy(() -> ledger.madeCharge("ch_" + "1".repeat(32), "order-1", TOTAL));
		assertThatExceptionOfType(GatewayUnavailableException.class).isThrownBy(() -> ledger.answerCharge("order-1",
				new Call("charge", "card"), new Authorization.Approved("ch_" + "1".repeat(32)), "ch_" + "2".repeat(32),
				TOTAL, NOW));
	}

	private static JdbcSimulatedGatewayLedger overADatabaseThatGivesNoConnection() {
		DataSource database = mock(DataSource.class);
		try {
			when(database.getConnection()).thenThrow(new SQLException("Connection refused", "08001"));
		}
		catch (SQLException impossible) {
			throw new IllegalStateException(impossible);
		}
		return new JdbcSimulatedGatewayLedger(JdbcClient.create(database),
				new TransactionTemplate(new DataSourceTransactionManager(database)),
				new SimulatedGatewayLedgerProperties(Duration.ofHours(24), Duration.ofMinutes(10)),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}
}
