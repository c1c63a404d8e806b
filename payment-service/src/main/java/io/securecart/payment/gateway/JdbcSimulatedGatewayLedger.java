package io.securecart.payment.gateway;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.securecart.contracts.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The simulated provider's books in payment-service's database, tables {@code simulated_gateway_*} (migration
 * {@code V9}): one for every instance, and kept across restarts, as a provider's are.
 * <p>
 * A charge costs one statement (its key's answer and the charge, inserted together unless the key has an answer),
 * and one more read when its key was answered before. Its reference is the one the previous release derived from
 * the key and amount, for this release ({@link PreviousReleaseSealedCharges#referenceFor}), or a random one when the
 * books hold that reference under a key already: the statement checks any key, and the only one that can be is this
 * key, before it was forgotten, since the reference is derived from it. A refund is one short transaction: the key's
 * answer inserted first (a second caller of the same key waits on it, then reads the first's answer), then the charge
 * given back by one update that refuses more than it has left ({@code refunded + amount <= amount}: two refunds of one
 * charge take turns on its row, on any instance, and the second sees what the first gave back), and the refund
 * inserted with it.
 * A refusal rolls all of it back, so its key stays unused. A charge of the release before the books (a sealed
 * reference, {@link PreviousReleaseSealedCharges}) that the books do not have is adopted in the same transaction when
 * the update gave nothing back: one insert (nothing when the books have it) and the update again. Every reference is
 * sealed in this release, so that is two statements more on a refusal of any charge, and on the first refund of one
 * only the previous release made; none on the others. The lookups are one read each.
 * <p>
 * Keys are forgotten after {@code key-retention} (a day, as a provider forgets them), by a scheduled delete in small
 * batches, off the order path; the charges and refunds are kept. A database that does not answer is a provider that
 * does not answer ({@link GatewayUnavailableException}): retried with the same key, which is safe.
 */
@Component
@EnableScheduling // the prune of forgotten keys
class JdbcSimulatedGatewayLedger implements SimulatedGatewayLedger {

	private static final Logger log = LoggerFactory.getLogger(JdbcSimulatedGatewayLedger.class);

	private static final int PRUNE_BATCH = 1_000;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SimulatedGatewayLedgerProperties properties;

	private final Clock clock;

	JdbcSimulatedGatewayLedger(JdbcClient jdbc, TransactionTemplate transactions,
			SimulatedGatewayLedgerProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Answered answerCharge(String idempotencyKey, Call call, Authorization answer, String otherReference,
			Money amount, Instant now) {
		return answering(() -> {
			boolean approved = answer instanceof Authorization.Approved;
			String result = switch (answer) {
				case Authorization.Approved approval -> approval.chargeReference();
				case Authorization.Declined decline -> decline.reason();
			};
			// Data-modifying CTEs run to completion whether or not the query reads them: the charge is inserted
			// exactly when the key's answer is, in the same statement. Two callers of one key take turns on its
			// row: the second inserts nothing and reads the first's answer. The derived reference is the charge
			// already when a refund adopted it (no key: it gets this one), a second charge when its key was forgotten.
			Optional<String> answered = jdbc.sql("""
					with chosen as (
					    select case when :approved and exists (select 1 from simulated_gateway_charge
					                where reference = :result and idempotency_key is not null)
					           then :other else :result end as result),
					answered as (
					    insert into simulated_gateway_key
					        (idempotency_key, operation, card, outcome, result, answered_at)
					    select :key, :operation, :card, :outcome, result, :now from chosen
					    on conflict (idempotency_key) do nothing
					    returning idempotency_key, result),
					charged as (
					    insert into simulated_gateway_charge (reference, idempotency_key, amount, currency, charged_at)
					    select result, idempotency_key, :amount, :currency, :now from answered where :approved
					    on conflict (reference) do update set idempotency_key = excluded.idempotency_key
					    where simulated_gateway_charge.idempotency_key is null)
					select result from answered""")
				.param("key", idempotencyKey)
				.param("operation", call.operation())
				.param("card", call.card())
				.param("outcome", approved ? "APPROVED" : "DECLINED")
				.param("result", result)
				.param("other", otherReference)
				.param("now", Timestamp.from(now))
				.param("amount", amount.amount())
				.param("currency", amount.currency())
				.param("approved", approved)
				.query(String.class)
				.optional();
			if (answered.isEmpty()) {
				return firstAnswer(idempotencyKey);
			}
			return new Answered(call, approved ? new Authorization.Approved(answered.get()) : answer);
		});
	}

	@Override
	public Answered answerRefund(String idempotencyKey, Call call, String refundReference, String chargeReference,
			Money amount, Money previousReleaseCharge, Instant now) {
		return answering(() -> transactions.execute(transaction -> {
			int answered = jdbc.sql("""
					insert into simulated_gateway_key (idempotency_key, operation, card, outcome, result, answered_at)
					values (:key, :operation, :card, 'REFUNDED', :result, :now)
					on conflict (idempotency_key) do nothing""")
				.param("key", idempotencyKey)
				.param("operation", call.operation())
				.param("card", call.card())
				.param("result", refundReference)
				.param("now", Timestamp.from(now))
				.update();
			if (answered == 0) {
				return firstAnswer(idempotencyKey);
			}
			int refunded = givenBack(idempotencyKey, refundReference, chargeReference, amount, now);
			if (refunded == 0 && previousReleaseCharge != null) {
				// Since the fourth amendment every charge's reference is sealed, so the books are tried first, and a
				// charge is adopted only when they gave nothing back: two statements more on its first refund (and on
				// a refusal), none on the others. Asked again, not told by the insert: a refund adopting it at once on
				// another instance inserts it, this insert waits for that one's commit, and then it is there.
				adopt(chargeReference, previousReleaseCharge, now);
				refunded = givenBack(idempotencyKey, refundReference, chargeReference, amount, now);
			}
			if (refunded == 0) {
				throw refusal(chargeReference, amount);
			}
			return new Answered(call, new RefundReceipt(refundReference));
		}));
	}

	/** What the charge gives back: its row updated and the refund inserted, or nothing when it has too little left. */
	private int givenBack(String idempotencyKey, String refundReference, String chargeReference, Money amount,
			Instant now) {
		return jdbc.sql("""
				with given_back as (
				    update simulated_gateway_charge set refunded = refunded + :amount
				    where reference = :charge and currency = :currency and refunded + :amount <= amount
				    returning reference)
				insert into simulated_gateway_refund
				    (reference, idempotency_key, charge_reference, amount, currency, refunded_at)
				select :refund, :key, reference, :amount, :currency, :now from given_back""")
			.param("amount", amount.amount())
			.param("charge", chargeReference)
			.param("currency", amount.currency())
			.param("refund", refundReference)
			.param("key", idempotencyKey)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** A charge of the previous release into the books, with nothing given back and no key, unless they have it. */
	private void adopt(String chargeReference, Money previousReleaseCharge, Instant now) {
		jdbc.sql("""
				insert into simulated_gateway_charge (reference, idempotency_key, amount, currency, charged_at)
				values (:charge, null, :amount, :currency, :now)
				on conflict (reference) do nothing""")
			.param("charge", chargeReference)
			.param("amount", previousReleaseCharge.amount())
			.param("currency", previousReleaseCharge.currency())
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Why the charge gave nothing back; read in the refund's transaction, which the refusal rolls back. */
	private RefundRefusedException refusal(String chargeReference, Money amount) {
		Optional<Charge> charge = jdbc
			.sql("select amount, currency, refunded from simulated_gateway_charge where reference = :charge")
			.param("charge", chargeReference)
			.query((row, number) -> new Charge(new Money(row.getBigDecimal("amount"), row.getString("currency")),
					row.getBigDecimal("refunded")))
			.optional();
		if (charge.isEmpty()) {
			return new RefundRefusedException("No charge %s to refund".formatted(chargeReference));
		}
		Money charged = charge.get().amount();
		if (!charged.currency().equals(amount.currency())) {
			return new RefundRefusedException(
					"Charge %s is in %s, not %s".formatted(chargeReference, charged.currency(), amount.currency()));
		}
		BigDecimal before = charge.get().refunded();
		return new RefundRefusedException("Charge %s of %s cannot give back %s more (%s given back)".formatted(
				chargeReference, charged, amount,
				before.signum() == 0 ? "nothing" : new Money(before, charged.currency())));
	}

	/**
	 * The answer a key has: it is there, since the caller's insert met it (and waited for its transaction). One
	 * forgotten in between, by a prune a day after it was written, is a call to answer again.
	 */
	private Answered firstAnswer(String idempotencyKey) {
		return answerOf(idempotencyKey).orElseThrow(() -> new GatewayUnavailableException(
					"Simulated gateway forgot key %s while answering it; ask again".formatted(idempotencyKey)));
	}

	@Override
	public Optional<Answered> answerOf(String idempotencyKey) {
		return answering(() -> jdbc.sql("""
				select operation, card, outcome, result from simulated_gateway_key where idempotency_key = :key""")
			.param("key", idempotencyKey)
			.query(JdbcSimulatedGatewayLedger::answered)
			.optional());
	}

	private static Answered answered(ResultSet row, int number) throws SQLException {
		String result = row.getString("result");
		Object answer = switch (row.getString("outcome")) {
			case "APPROVED" -> new Authorization.Approved(result);
			case "DECLINED" -> new Authorization.Declined(result);
			case "REFUNDED" -> new RefundReceipt(result);
			default -> throw new IllegalStateException("Unknown outcome " + row.getString("outcome"));
		};
		return new Answered(new Call(row.getString("operation"), row.getString("card")), answer);
	}

	@Override
	public boolean madeCharge(String chargeReference, String idempotencyKey, Money amount) {
		return answering(() -> jdbc.sql("""
				select exists (select 1 from simulated_gateway_charge
				where reference = :charge and idempotency_key = :key and amount = :amount and currency = :currency)""")
			.param("charge", chargeReference)
			.param("key", idempotencyKey)
			.param("amount", amount.amount())
			.param("currency", amount.currency())
			.query(Boolean.class)
			.single());
	}

	@Override
	public boolean madeRefund(String refundReference, String idempotencyKey, String chargeReference, Money amount) {
		return answering(() -> jdbc.sql("""
				select exists (select 1 from simulated_gateway_refund
				where reference = :refund and charge_reference = :charge and amount = :amount and currency = :currency
				and (cast(:key as varchar) is null or idempotency_key = :key))""")
			.param("refund", refundReference)
			.param("charge", chargeReference)
			.param("amount", amount.amount())
			.param("currency", amount.currency())
			.param("key", idempotencyKey)
			.query(Boolean.class)
			.single());
	}

	@Override
	public void forget(String idempotencyKey) {
		jdbc.sql("delete from simulated_gateway_key where idempotency_key = :key")
			.param("key", idempotencyKey)
			.update();
	}

	@Override
	public long forgetAnsweredBefore(Instant cutoff) {
		long forgotten = 0;
		int deleted;
		do {
			deleted = jdbc.sql("""
					delete from simulated_gateway_key where idempotency_key in (
					    select idempotency_key from simulated_gateway_key where answered_at < :cutoff limit :batch)""")
				.param("cutoff", Timestamp.from(cutoff))
				.param("batch", PRUNE_BATCH)
				.update();
			forgotten += deleted;
		}
		while (deleted == PRUNE_BATCH);
		return forgotten;
	}

	/** Forgets the keys older than {@code key-retention}, as a provider does; several instances may: gone is gone. */
	@Scheduled(fixedDelayString = "${securecart.payment.gateway.ledger.prune-interval:10m}",
			initialDelayString = "${securecart.payment.gateway.ledger.prune-interval:10m}")
	void forgetOldKeys() {
		try {
			long forgotten = forgetAnsweredBefore(clock.instant().minus(properties.keyRetention()));
			if (forgotten > 0) {
				log.info("Simulated gateway forgot {} idempotency key(s) older than {}", forgotten,
						properties.keyRetention());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Simulated gateway could not forget its old keys; next try in {}: {}", properties.pruneInterval(),
					ex.toString());
		}
	}

	/**
	 * A database that cannot answer now is a provider that cannot answer now: worth asking again. That includes a
	 * transaction that cannot begin ({@code CannotCreateTransactionException}, a {@link TransactionException}, not a
	 * {@code DataAccessException}: no connection for a refund's transaction), which escaped as a 500 or to the DLQ.
	 */
	private static <T> T answering(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (TransientDataAccessException | RecoverableDataAccessException | DataAccessResourceFailureException
				| TransactionException ex) {
			throw new GatewayUnavailableException("Simulated gateway's ledger did not answer", ex);
		}
	}

	private record Charge(Money amount, BigDecimal refunded) {
	}
}
