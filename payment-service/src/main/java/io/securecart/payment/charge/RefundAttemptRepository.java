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

interface RefundAttemptRepository extends Repository<RefundAttempt, UUID> {

	Optional<RefundAttempt> findById(UUID orderId);

	RefundAttempt save(RefundAttempt attempt);

	/**
	 * Writes {@code attempt} unless its order has one already (a compensation delivered again, or another
	 * compensation of the same order), and reads the order's refund: the one just written, or the earlier one, whose
	 * key, charge and amount the refund keeps. The insert names no conflict target, as the charge's does
	 * ({@link PaymentAttemptRepository#insertIfAbsent(PaymentAttempt)}): the key is made from the order id
	 * ({@code Refunds.refundKey}), so either conflict is the same order.
	 */
	default RefundAttempt insertIfAbsent(RefundAttempt attempt) {
		insertIfAbsent(attempt.getOrderId(), attempt.getPaymentId(), attempt.getCustomerId(),
				attempt.getIdempotencyKey(), attempt.getChargeReference(), attempt.getAmount().amount(),
				attempt.getAmount().currency(), attempt.getReason(), attempt.getCompensationType(),
				attempt.getCompensation(), attempt.getCreatedAt());
		return findById(attempt.getOrderId()).orElseThrow();
	}

	@Modifying
	@Query("""
			insert into refund_attempt (order_id, payment_id, customer_id, idempotency_key, charge_reference, amount,
			  currency, reason, compensation_type, compensation, status, created_at, version)
			values (:orderId, :paymentId, :customerId, :idempotencyKey, :chargeReference, :amount, :currency, :reason,
			  :compensationType, :compensation, 'PENDING', :createdAt, 0)
			on conflict do nothing
			""")
	void insertIfAbsent(UUID orderId, UUID paymentId, String customerId, String idempotencyKey,
			String chargeReference, BigDecimal amount, String currency, String reason, String compensationType,
			String compensation, Instant createdAt);

	/**
	 * Locked: the delivery and the sweep that record the same refund take turns, and the second finds it recorded.
	 */
	@Query("select * from refund_attempt where order_id = :orderId for update")
	Optional<RefundAttempt> findLockedById(UUID orderId);

	/** Refunds set aside for reconciliation, the longest waiting first: what a person has to settle. */
	@Query("select * from refund_attempt where status = 'NEEDS_RECONCILIATION' order by set_aside_at, order_id")
	List<RefundAttempt> findAwaitingReconciliation();

	/**
	 * Refunds still pending, written (or last tried, {@link #tried}) before {@code before}, 50 at most, the longest
	 * waiting first: one tried and failed goes to the back of the line. Never one set aside: the provider refused it
	 * for good, and a person settles it.
	 */
	@Query("""
			select order_id from refund_attempt
			where status = 'PENDING' and coalesce(tried_at, created_at) < :before
			order by coalesce(tried_at, created_at) limit 50
			""")
	List<UUID> findPendingBefore(Instant before);

	/**
	 * The sweep tried the refund at {@code at} and failed. Bookkeeping of the sweep, not the aggregate's state: no
	 * version, and the aggregate does not map it.
	 */
	@Modifying
	@Query("update refund_attempt set tried_at = :at where order_id = :orderId and status = 'PENDING'")
	void tried(UUID orderId, Instant at);

	/** The sweep's {@link #tried}, which never fails its round, as for a charge's attempt. */
	default void triedAndFailed(UUID orderId, Instant at) {
		try {
			tried(orderId, at);
		}
		catch (RuntimeException ex) {
			LoggerFactory.getLogger(RefundAttemptRepository.class)
				.warn("Could not record the failed try of order {}'s refund: {}", orderId, ex.toString());
		}
	}
}
