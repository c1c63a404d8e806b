package io.securecart.payment.gateway;

import java.time.Instant;
import java.util.Optional;

import io.securecart.contracts.Money;

/**
 * The simulated provider's books: the charges and refunds it made, and the first answer of each idempotency key, in
 * one key space for every operation. A provider keeps them once for all its callers and for good (its keys for a
 * day), so {@link SimulatedPaymentGateway} keeps them in PostgreSQL ({@link JdbcSimulatedGatewayLedger}): every
 * payment-service instance, and one restarted, answers from the same books (ADR 45, third amendment).
 */
interface SimulatedGatewayLedger {

	/** The key's answer, if it has one. */
	Optional<Answered> answerOf(String idempotencyKey);

	/**
	 * The key's first answer. When the key has none, {@code answer} becomes it, with the charge when it is approved
	 * (its reference, the key and {@code amount}); otherwise nothing is written and the answer it had is returned,
	 * whatever call got it. An approved answer's reference is derived from the key and amount (ADR 45, fourth
	 * amendment), so the books may have its charge already:
	 * <ul>
	 * <li>under a key (the books are asked for any; only this one can be there, the reference being derived from it),
	 * a charge this key made before it was forgotten (a day later): asked again, it is a new call, as at a provider,
	 * so a second charge is made under {@code otherReference}, and that is the key's answer;</li>
	 * <li>under no key, a charge of the previous release that a refund adopted: the previous release answered this
	 * key with it, so it is the key's answer, and the charge gets the key; nothing more is charged.</li>
	 * </ul>
	 */
	Answered answerCharge(String idempotencyKey, Call call, Authorization answer, String otherReference, Money amount,
			Instant now);

	/**
	 * The key's first answer. When the key has none, {@code amount} of the charge is given back under
	 * {@code refundReference}, and that refund becomes the key's answer, at once or not at all; otherwise nothing is
	 * written and the answer it had is returned, whatever call got it.
	 * @param previousReleaseCharge the charge's amount when {@code chargeReference} is a sealed reference of the
	 * release before the books ({@link PreviousReleaseSealedCharges}), else {@code null}: a charge the books do not
	 * have is then adopted into them (that amount, nothing given back, its key unknown) in the refund's transaction,
	 * and refunded as any other; every charge of this release has such a reference, so an implementation asks its
	 * books first and adopts only a charge they do not have
	 * @throws RefundRefusedException when the ledger has no such charge, the charge is in another currency, or it has
	 * less than {@code amount} left to give back (whatever key gave the rest back); nothing is written (nor adopted),
	 * the key stays unused
	 */
	Answered answerRefund(String idempotencyKey, Call call, String refundReference, String chargeReference,
			Money amount, Money previousReleaseCharge, Instant now);

	/** Whether the ledger has the charge {@code chargeReference}, made with that key, of that amount. */
	boolean madeCharge(String chargeReference, String idempotencyKey, Money amount);

	/**
	 * Whether the ledger has the refund {@code refundReference} of that amount of that charge, made with
	 * {@code idempotencyKey}, or under any key when it is {@code null}.
	 */
	boolean madeRefund(String refundReference, String idempotencyKey, String chargeReference, Money amount);

	/** Forgets the key's answer (the charges and refunds it made stay in the books). */
	void forget(String idempotencyKey);

	/**
	 * Forgets the answers of the keys answered before {@code cutoff}.
	 * @return how many it forgot
	 */
	long forgetAnsweredBefore(Instant cutoff);

	/** A call, as a key remembers it: the operation in words (for the refusal) and the card's fingerprint. */
	record Call(String operation, String card) {
	}

	/**
	 * A key's first answer and the call that got it.
	 * @param answer an {@link Authorization} or a {@link RefundReceipt}
	 */
	record Answered(Call call, Object answer) {
	}
}
