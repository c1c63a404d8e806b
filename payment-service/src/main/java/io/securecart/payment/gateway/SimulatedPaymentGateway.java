package io.securecart.payment.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.securecart.contracts.Money;
import io.securecart.payment.gateway.SimulatedGatewayLedger.Answered;
import io.securecart.payment.gateway.SimulatedGatewayLedger.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A payment provider, deterministic by token, so that demos and tests can choose an outcome:
 * <ul>
 * <li>{@code tok_visa}, {@code tok_mastercard} and any other well-formed {@code tok_*}: approved;</li>
 * <li>{@code tok_declined}: declined {@code card_declined}; {@code tok_insufficient_funds}: declined
 * {@code insufficient_funds}; anything that is not a well-formed token: declined {@code invalid_token};</li>
 * <li>{@code tok_flaky}: unavailable on the first {@value #FLAKY_FAILURES} attempts for an order, then approved.</li>
 * </ul>
 * Like a real provider it keeps books, once for all its callers and across restarts: in PostgreSQL
 * ({@link SimulatedGatewayLedger}), so that every payment-service instance, and one restarted, answers from the same
 * books (ADR 45, third amendment). They hold the charges it made and the refunds, each with its key and amount, and
 * the answer of each idempotency key, in one key space for charges and refunds: a repeated call returns the first
 * answer and charges (or refunds) once, on whatever instance, and a key used again for another operation or with
 * other parameters is refused ({@link IdempotencyKeyReusedException}), as Stripe and Adyen answer. Keys are forgotten
 * after a day, as a provider forgets them: a call with a forgotten key is a new call (a second charge, a refund the
 * charge may have nothing left for). For this release, an approved charge's reference is the one the previous
 * release derived from its key and amount, so that a charge that release made and whose answer was not recorded
 * before the upgrade is not made a second time when asked again ({@link #decide}).
 * <p>
 * A refund names its charge by the charge's reference, not by the key that charged it. A refund of a charge the books
 * do not have, or of more than the charge has left (whatever key, on whatever instance, gave the rest back), is
 * refused ({@link RefundRefusedException}); but a charge the release before the books made, named by its sealed
 * reference, is adopted into them when they do not have it ({@link PreviousReleaseSealedCharges}, until the next
 * release). Every charge of this release has such a reference too, so every refund names one: the books are asked
 * first, and the adoption is tried only when they gave nothing back. A charge or a
 * refund is confirmed ({@link #madeCharge}, {@link #madeRefund}, {@link #madeRefundUnderAnyKey}) only when the books
 * have it: a reference built by hand, however well-formed (a random id's shape, or, for a charge, the one derived from
 * its key), is not confirmed unless the books hold it as said.
 * <p>
 * The {@link GatewaySettings} add latency, transient failures or a whole outage, and can be changed at runtime; they,
 * and the attempts of {@code tok_flaky} and of the transient failures, are each instance's own.
 * Payment tokens are never logged, nor kept: a key remembers a fingerprint of its token.
 */
@Component
public class SimulatedPaymentGateway implements PaymentGateway {

	static final int FLAKY_FAILURES = 2;

	/** How many keys' attempts it counts at most (for {@code tok_flaky} and transient failures). */
	static final int COUNTED_KEYS = 10_000;

	private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentGateway.class);

	private static final Pattern WELL_FORMED_TOKEN = Pattern.compile("tok_[A-Za-z0-9_]{1,64}");

	/**
	 * The shape of its random charges' references ({@link #newReference(String)}): every one in the release after
	 * this one; in this one, a second charge under a key it had forgotten only ({@link #decide}).
	 */
	private static final Pattern CHARGE_REFERENCE = Pattern.compile("ch_[0-9a-f]{32}");

	/** The shape of its refunds' references. */
	private static final Pattern REFUND_REFERENCE = Pattern.compile("re_[0-9a-f]{32}");

	private final AtomicReference<GatewaySettings> settings;

	private final SimulatedGatewayLedger ledger;

	private final Clock clock;

	/**
	 * Calls per key that have not produced a result yet; removed once the key has one. A key that never does (its
	 * order dead-lettered) is forgotten with the oldest. What the simulated failures count, not the books.
	 */
	private final Map<String, Integer> attempts = Collections.synchronizedMap(new LinkedHashMap<>(COUNTED_KEYS,
			0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
			return size() > COUNTED_KEYS;
		}
	});

	private final AtomicLong probes = new AtomicLong();

	private final AtomicLong lookups = new AtomicLong();

	public SimulatedPaymentGateway(GatewaySettings settings, SimulatedGatewayLedger ledger, Clock clock) {
		this.settings = new AtomicReference<>(settings);
		this.ledger = ledger;
		this.clock = clock;
	}

	/** How many keys' attempts it counts now. */
	int countedKeys() {
		return attempts.size();
	}

	public GatewaySettings settings() {
		return settings.get();
	}

	/**
	 * Changes the settings from the current ones, atomically: two admins changing different settings at once both
	 * see their change kept.
	 * @return the settings now
	 */
	public GatewaySettings change(UnaryOperator<GatewaySettings> change) {
		GatewaySettings previous = settings.getAndUpdate(current -> Objects.requireNonNull(change.apply(current)));
		GatewaySettings now = change.apply(previous);
		if (!previous.equals(now)) {
			log.info("Simulated gateway settings changed from {} to {}", previous, now);
		}
		return now;
	}

	public void apply(GatewaySettings newSettings) {
		change(current -> newSettings);
	}

	@Override
	public Authorization authorize(String idempotencyKey, String paymentToken, Money amount) {
		String attemptKey = "authorize:" + idempotencyKey;
		int attempt = beginCall(attemptKey);
		// Only a call the key has no answer for fails: a repeated call gets the first answer, as any other card's.
		if ("tok_flaky".equals(paymentToken) && attempt <= FLAKY_FAILURES
				&& ledger.answerOf(idempotencyKey).isEmpty()) {
			throw new GatewayUnavailableException(
					"Payment gateway did not answer (flaky card, attempt %d)".formatted(attempt));
		}
		Call call = new Call("charge %s".formatted(amount), fingerprint(paymentToken));
		Answered answered = ledger.answerCharge(idempotencyKey, call, decide(idempotencyKey, paymentToken, amount),
				newReference("ch_"), amount, clock.instant());
		Authorization authorization = firstAnswer(idempotencyKey, call, answered, Authorization.class);
		attempts.remove(attemptKey);
		log.debug("Authorization for {} of {}: {}", idempotencyKey, amount, authorization);
		return authorization;
	}

	@Override
	public RefundReceipt refund(String idempotencyKey, String chargeReference, Money amount) {
		String attemptKey = "refund:" + idempotencyKey;
		beginCall(attemptKey);
		try {
			if (!isChargeReference(chargeReference)) {
				// Not one of its charges, whatever the books hold; and never written into a key's call.
				throw new RefundRefusedException("No charge %s to refund".formatted(chargeReference));
			}
			Call call = new Call("refund %s of %s".formatted(amount, chargeReference), "");
			Money previousReleaseCharge = PreviousReleaseSealedCharges.chargedAmount(chargeReference).orElse(null);
			Answered answered = ledger.answerRefund(idempotencyKey, call, newReference("re_"), chargeReference, amount,
					previousReleaseCharge, clock.instant());
			RefundReceipt receipt = firstAnswer(idempotencyKey, call, answered, RefundReceipt.class);
			log.debug("Refund for {} of {}: {}", idempotencyKey, amount, receipt);
			return receipt;
		}
		finally {
			attempts.remove(attemptKey);
		}
	}

	/** The key's first answer, if it was got by this same call; a key used for another call is refused. */
	private static <T> T firstAnswer(String key, Call call, Answered answered, Class<T> type) {
		if (!answered.call().equals(call)) {
			String firstUse = answered.call().operation();
			boolean sameOperation = firstUse.equals(call.operation());
			throw new IdempotencyKeyReusedException(key, sameOperation ? firstUse + " with another card" : firstUse,
					call.operation());
		}
		return type.cast(answered.answer());
	}

	/**
	 * Confirmed when its books have the charge, made with that key, of that amount. Answers as the settings say. A
	 * reference of none of its shapes is not one of its charges, and is not looked up ({@link #isChargeReference}).
	 */
	@Override
	public boolean madeCharge(String chargeReference, String idempotencyKey, Money amount) {
		answerAsSet("lookup:" + idempotencyKey, (int) lookups.incrementAndGet());
		return isChargeReference(chargeReference) && idempotencyKey != null
				&& ledger.madeCharge(chargeReference, idempotencyKey, amount);
	}

	/**
	 * Confirmed when its books have the refund, made with that key, of that amount of that charge. Answers as the
	 * settings say, like any other call.
	 */
	@Override
	public boolean madeRefund(String refundReference, String idempotencyKey, String chargeReference, Money amount) {
		answerAsSet("lookup:" + idempotencyKey, (int) lookups.incrementAndGet());
		return isRefundReference(refundReference) && isChargeReference(chargeReference) && idempotencyKey != null
				&& ledger.madeRefund(refundReference, idempotencyKey, chargeReference, amount);
	}

	/**
	 * Confirmed when its books have the refund, of that amount of that charge, whatever key made it (one made "by
	 * hand", as a test or a demo does with a key of its own). Answers as the settings say.
	 */
	@Override
	public boolean madeRefundUnderAnyKey(String refundReference, String chargeReference, Money amount) {
		answerAsSet("lookup:" + refundReference, (int) lookups.incrementAndGet());
		return isRefundReference(refundReference) && isChargeReference(chargeReference)
				&& ledger.madeRefund(refundReference, null, chargeReference, amount);
	}

	/**
	 * Whether the reference has the shape of one of its charges' (or is a sealed one of the previous release, which
	 * a refund adopts into its books). A person's settlement may name anything without a blank ({@code Settlement},
	 * {@code RefundSettlement}), and its books hold only these: anything else is not confirmed without a query.
	 * PostgreSQL refuses some strings outright (a NUL byte), which was a 500.
	 */
	static boolean isChargeReference(String reference) {
		return reference != null && (CHARGE_REFERENCE.matcher(reference).matches()
				|| PreviousReleaseSealedCharges.chargedAmount(reference).isPresent());
	}

	/** The same for its refunds' references. */
	static boolean isRefundReference(String reference) {
		return reference != null && REFUND_REFERENCE.matcher(reference).matches();
	}

	/**
	 * Forgets the key's answer, as a provider does a day after the key was used (its ledger, what each charge has
	 * given back, it keeps): the next call with it is a new call. For demos and tests of what a forgotten key does.
	 */
	public void forgetKey(String idempotencyKey) {
		ledger.forget(idempotencyKey);
	}

	/** Answers as the settings say (latency, outage, transient failures), like any other call. */
	@Override
	public void probe() {
		answerAsSet("probe", (int) probes.incrementAndGet());
	}

	/**
	 * Counts the attempt, then fails it as the settings say: latency first, then outage or a transient failure.
	 * @return the number of this attempt for the key, from 1
	 */
	private int beginCall(String attemptKey) {
		int attempt = attempts.merge(attemptKey, 1, Integer::sum);
		answerAsSet(attemptKey, attempt);
		return attempt;
	}

	private void answerAsSet(String attemptKey, int attempt) {
		GatewaySettings current = settings.get();
		if (current.latency().isPositive()) {
			try {
				Thread.sleep(current.latency());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new GatewayUnavailableException("Interrupted while waiting for the payment gateway", ex);
			}
		}
		if (current.outage()) {
			throw new GatewayUnavailableException("Payment gateway unreachable (simulated outage)");
		}
		if (failsTransiently(attemptKey, attempt, current.transientFailureRate())) {
			throw new GatewayUnavailableException("Payment gateway answered 503 (simulated, attempt %d)"
				.formatted(attempt));
		}
	}

	/** The same key and attempt always give the same answer, so a chaos run can be repeated exactly. */
	static boolean failsTransiently(String attemptKey, int attempt, double rate) {
		long seed = ((long) attemptKey.hashCode() << 32) | attempt;
		return new SplittableRandom(seed).nextDouble() < rate;
	}

	/**
	 * The answer by token. An approved charge's reference is, for this release only, the one the previous release
	 * derived from the key and amount ({@link PreviousReleaseSealedCharges#referenceFor}), not a random one: that
	 * release kept no books, so a charge it made whose answer was not recorded before the upgrade, asked again here
	 * under its key, must land on the charge it made, not on a second one (ADR 45, fourth amendment). The books still
	 * decide what is confirmed; the release after, with the previous release's keys all past their window, gives
	 * random references again.
	 */
	private static Authorization decide(String idempotencyKey, String paymentToken, Money amount) {
		if (paymentToken == null || !WELL_FORMED_TOKEN.matcher(paymentToken).matches()) {
			return new Authorization.Declined("invalid_token");
		}
		return switch (paymentToken) {
			case "tok_declined" -> new Authorization.Declined("card_declined");
			case "tok_insufficient_funds" -> new Authorization.Declined("insufficient_funds");
			default -> new Authorization.Approved(PreviousReleaseSealedCharges.referenceFor(idempotencyKey, amount));
		};
	}

	/**
	 * A new refund's reference (or a charge's, but see {@link #decide}): a random id, as a provider's, which says
	 * nothing of it; only the books tell whether it was made, and of what.
	 */
	private static String newReference(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "");
	}

	/** What a key remembers of the card: enough to tell another card, never the token. */
	private static String fingerprint(String paymentToken) {
		return paymentToken == null ? "none" : derivedId("token:" + paymentToken);
	}

	private static String derivedId(String seed) {
		return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
	}
}
