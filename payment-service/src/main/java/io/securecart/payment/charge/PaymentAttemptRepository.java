package io.securecart.payment.charge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.LoggerFactory;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface PaymentAttemptRepository extends Repository<PaymentAttempt, UUID> {

	Optional<PaymentAttempt> findById(UUID orderId);

	PaymentAttempt save(PaymentAttempt attempt);

	/**
	 * Writes {@code attempt} unless its order has one already (a delivery that came again, or two at once), and reads
	 * the order's attempt: the one just written, or the earlier one, whose key the charge keeps. Declared, as every
	 * order asks it. The insert names no conflict target: PostgreSQL guards only the target's index against a
	 * concurrent insert, and a twin delivery can reach the idempotency key's unique index first, which would then
	 * fail it. The key is made from the order id ({@code Payments.chargeKey}), so either conflict is the same order.
	 */
	default PaymentAttempt insertIfAbsent(PaymentAttempt attempt) {
		insertIfAbsent(attempt.getOrderId(), attempt.getCustomerId(), attempt.getIdempotencyKey(),
				attempt.getAmount().amount(), attempt.getAmount().currency(), attempt.orderToCharge().orElseThrow(),
				attempt.getCreatedAt());
		return findById(attempt.getOrderId()).orElseThrow();
	}

	@Modifying
	@Query("""
			insert into payment_attempt (order_id, customer_id, idempotency_key, amount, currency, order_to_charge,
			  status, created_at, version)
			values (:orderId, :customerId, :idempotencyKey, :amount, :currency, :orderToCharge, 'PENDING',
			  :createdAt, 0)
			on conflict do nothing
			""")
	void insertIfAbsent(UUID orderId, String customerId, String idempotencyKey, BigDecimal amount, String currency,
			String orderToCharge, Instant createdAt);

	/**
	 * Locked: the delivery and the sweep that record an answer for the same order take turns, and the second finds it
	 * recorded.
	 */
	@Query("select * from payment_attempt where order_id = :orderId for update")
	Optional<PaymentAttempt> findLockedById(UUID orderId);

	/**
	 * Attempts still pending, written (or last tried, {@link #tried}) before {@code before}, 50 at most, the longest
	 * waiting first: one tried and failed goes to the back of the line.
	 */
	@Query("""
			select order_id from payment_attempt
			where status = 'PENDING' and coalesce(tried_at, created_at) < :before
			order by coalesce(tried_at, created_at) limit 50
			""")
	List<UUID> findPendingBefore(Instant before);

	/**
	 * Attempts still pending that were written before {@code before}, 50 at most, the oldest first: those past their
	 * key window, which the sweep sets aside for reconciliation, whatever their last try.
	 */
	@Query("""
			select order_id from payment_attempt
			where status = 'PENDING' and created_at < :before
			order by created_at limit 50
			""")
	List<UUID> findPendingCreatedBefore(Instant before);

	/** Attempts set aside for reconciliation, the longest waiting first: what a person has to settle. */
	@Query("select * from payment_attempt where status = 'NEEDS_RECONCILIATION' order by set_aside_at, order_id")
	List<PaymentAttempt> findAwaitingReconciliation();

	/**
	 * The sweep tried the attempt at {@code at} and failed. Bookkeeping of the sweep, not the aggregate's state: no
	 * version, and the aggregate does not map it.
	 */
	@Modifying
	@Query("update payment_attempt set tried_at = :at where order_id = :orderId and status = 'PENDING'")
	void tried(UUID orderId, Instant at);

	/**
	 * The sweep's {@link #tried}, which never fails its round: when it cannot be recorded, the attempt keeps its place
	 * in the line, and the sweep goes on to the next.
	 */
	default void triedAndFailed(UUID orderId, Instant at) {
		try {
			tried(orderId, at);
		}
		catch (RuntimeException ex) {
			LoggerFactory.getLogger(PaymentAttemptRepository.class)
				.warn("Could not record the failed try of order {}'s payment attempt: {}", orderId, ex.toString());
		}
	}
}
