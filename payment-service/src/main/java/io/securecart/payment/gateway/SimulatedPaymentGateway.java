package io.securecart.payment.gateway;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.securecart.contracts.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A payment provider in memory, deterministic by token, so that demos and tests can choose an outcome:
 * <ul>
 * <li>{@code tok_visa}, {@code tok_mastercard} and any other well-formed {@code tok_*}: approved;</li>
 * <li>{@code tok_declined}: declined {@code card_declined}; {@code tok_insufficient_funds}: declined
 * {@code insufficient_funds}; anything that is not a well-formed token: declined {@code invalid_token};</li>
 * <li>{@code tok_flaky}: unavailable on the first {@value #FLAKY_FAILURES} attempts for an order, then approved.</li>
 * </ul>
 * Like a real provider it keeps the answer of each idempotency key for a while, in one key space for charges and
 * refunds: a repeated call returns the first answer and charges (or refunds) once, and a key used again for another
 * operation or with other parameters is refused ({@link IdempotencyKeyReusedException}), as Stripe and Adyen answer.
 * It keeps the last {@value #REMEMBERED_KEYS} keys, as a provider keeps its keys for a day, not for ever (a service
 * that runs for weeks would otherwise hold every order it ever charged). A charge it has forgotten the key of gets the
 * same answer again, since the answer is derived from the key, the token and the amount.
 * <p>
 * A refund names its charge by the charge's reference, not by the key that charged it. The reference carries the
 * charge's amount and a seal over it ({@link #chargeReferenceFor(String, Money)}), so the simulator knows the
 * charges it made and their amounts after a restart, and on another instance, as a provider's ledger does; a refund
 * of a reference it did not make, or of more than the charge has left, is refused. What it has given back of each
 * charge it remembers in memory, for the last {@value #REMEMBERED_KEYS} charges refunded.
 * <p>
 * The {@link GatewaySettings} add latency, transient failures or a whole outage, and can be changed at runtime.
 * Payment tokens are never logged, nor kept: a key remembers a fingerprint of its token.
 */
@Component
public class SimulatedPaymentGateway implements PaymentGateway {

	static final int FLAKY_FAILURES = 2;

	static final int REMEMBERED_KEYS = 10_000;

	private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentGateway.class);

	private static final Pattern WELL_FORMED_TOKEN = Pattern.compile("tok_[A-Za-z0-9_]{1,64}");

	private static final Pattern REFUND_REFERENCE = Pattern.compile("re_(?<refund>[0-9a-f]{32})_(?<seal>[0-9a-f]{12})");

	private static final Pattern CHARGE_REFERENCE = Pattern
		.compile("ch_(?<charge>[0-9a-f]{32}_(?<amount>[0-9]+\\.[0-9]{2})_(?<currency>[A-Z]{3}))_(?<seal>[0-9a-f]{12})");

	private final AtomicReference<GatewaySettings> settings;

	/**
	 * Calls per key that have not produced a result yet; removed once the key has one. A key that never does (its
	 * order dead-lettered) is forgotten with the oldest.
	 */
	private final Map<String, Integer> attempts = remembering(REMEMBERED_KEYS);

	/** The answer of each key, with the call that got it: one key space for every operation. */
	private final Map<String, Answered> answers = remembering(REMEMBERED_KEYS);

	/** How much of each charge was given back, by its reference. */
	private final Map<String, Money> refunded = remembering(REMEMBERED_KEYS);

	private final AtomicLong probes = new AtomicLong();

	private final AtomicLong lookups = new AtomicLong();

	public SimulatedPaymentGateway(GatewaySettings settings) {
		this.settings = new AtomicReference<>(settings);
	}

	/** The last {@code capacity} keys, least recently used forgotten first; safe for concurrent calls. */
	private static <V> Map<String, V> remembering(int capacity) {
		return Collections.synchronizedMap(new LinkedHashMap<>(capacity, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
				return size() > capacity;
			}
		});
	}

	/** How many keys it remembers now: those answered and those still being tried. */
	int rememberedKeys() {
		return attempts.size() + answers.size();
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
		Call call = new Call("charge %s".formatted(amount), fingerprint(paymentToken));
		Authorization authorization = answer(idempotencyKey, call, Authorization.class, () -> {
			if ("tok_flaky".equals(paymentToken) && attempt <= FLAKY_FAILURES) {
				throw new GatewayUnavailableException(
						"Payment gateway did not answer (flaky card, attempt %d)".formatted(attempt));
			}
			return decide(idempotencyKey, paymentToken, amount);
		});
		attempts.remove(attemptKey);
		log.debug("Authorization for {} of {}: {}", idempotencyKey, amount, authorization);
		return authorization;
	}

	@Override
	public RefundReceipt refund(String idempotencyKey, String chargeReference, Money amount) {
		String attemptKey = "refund:" + idempotencyKey;
		beginCall(attemptKey);
		try {
			Call call = new Call("refund %s of %s".formatted(amount, chargeReference), "");
			RefundReceipt receipt = answer(idempotencyKey, call, RefundReceipt.class, () -> {
				giveBack(chargeReference, amount);
				return new RefundReceipt(refundReferenceFor(idempotencyKey, chargeReference, amount));
			});
			log.debug("Refund for {} of {}: {}", idempotencyKey, amount, receipt);
			return receipt;
		}
		finally {
			attempts.remove(attemptKey);
		}
	}

	/**
	 * The answer {@code key} got, if it was used for this same call; otherwise the new answer, remembered. A call
	 * that fails (unavailable, or refused) leaves the key unused.
	 */
	private <T> T answer(String key, Call call, Class<T> type, Supplier<T> newAnswer) {
		Answered answered = answers.compute(key, (unused, previous) -> {
			if (previous == null) {
				return new Answered(call, newAnswer.get());
			}
			if (!previous.call().equals(call)) {
				String firstUse = previous.call().operation();
				boolean sameOperation = firstUse.equals(call.operation());
				throw new IdempotencyKeyReusedException(key, sameOperation ? firstUse + " with another card" : firstUse,
						call.operation());
			}
			return previous;
		});
		return type.cast(answered.answer());
	}

	/** Records that {@code amount} of the charge was given back, if the charge is this gateway's and has it left. */
	private void giveBack(String chargeReference, Money amount) {
		Money charged = chargedAmount(chargeReference).orElseThrow(
				() -> new RefundRefusedException("No charge %s to refund".formatted(chargeReference)));
		if (!charged.currency().equals(amount.currency())) {
			throw new RefundRefusedException(
					"Charge %s is in %s, not %s".formatted(chargeReference, charged.currency(), amount.currency()));
		}
		refunded.compute(chargeReference, (unused, before) -> {
			Money after = before == null ? amount : before.plus(amount);
			if (after.amount().compareTo(charged.amount()) > 0) {
				throw new RefundRefusedException("Charge %s of %s cannot give back %s more (%s given back)"
					.formatted(chargeReference, charged, amount, before == null ? "nothing" : before));
			}
			return after;
		});
	}

	/**
	 * Its charges' references are derived from their key and amount, and sealed: the charge was made as said exactly
	 * when the reference is the one that key and amount make. Answers as the settings say, like any other call.
	 */
	@Override
	public boolean madeCharge(String chargeReference, String idempotencyKey, Money amount) {
		answerAsSet("lookup:" + idempotencyKey, (int) lookups.incrementAndGet());
		return chargeReferenceFor(idempotencyKey, amount).equals(chargeReference);
	}

	/**
	 * Its refunds' references are derived from their key, charge and amount, and sealed, as its charges' are: the
	 * refund was made as said exactly when the reference is the one they make, of a charge this gateway made. Answers
	 * as the settings say, like any other call.
	 */
	@Override
	public boolean madeRefund(String refundReference, String idempotencyKey, String chargeReference, Money amount) {
		answerAsSet("lookup:" + idempotencyKey, (int) lookups.incrementAndGet());
		return chargedAmount(chargeReference).isPresent()
				&& refundReferenceFor(idempotencyKey, chargeReference, amount).equals(refundReference);
	}

	/**
	 * Its refunds' references carry a seal over the refund's id, its charge and its amount, but not its key: the
	 * refund was made of that charge and amount exactly when the seal is the one they make, whatever key made it (one
	 * made "by hand", as a test or a demo does with a key of its own). Answers as the settings say.
	 */
	@Override
	public boolean madeRefundUnderAnyKey(String refundReference, String chargeReference, Money amount) {
		answerAsSet("lookup:" + refundReference, (int) lookups.incrementAndGet());
		Matcher reference = REFUND_REFERENCE.matcher(refundReference == null ? "" : refundReference);
		return reference.matches() && chargedAmount(chargeReference).isPresent()
				&& refundSeal(reference.group("refund"), chargeReference, amount).equals(reference.group("seal"));
	}

	/**
	 * Forgets the key's answer, as a provider does a day after the key was used (its ledger, what each charge has
	 * given back, it keeps): the next call with it is a new call. For demos and tests of what a forgotten key does.
	 */
	public void forgetKey(String idempotencyKey) {
		answers.remove(idempotencyKey);
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

	private static Authorization decide(String idempotencyKey, String paymentToken, Money amount) {
		if (paymentToken == null || !WELL_FORMED_TOKEN.matcher(paymentToken).matches()) {
			return new Authorization.Declined("invalid_token");
		}
		return switch (paymentToken) {
			case "tok_declined" -> new Authorization.Declined("card_declined");
			case "tok_insufficient_funds" -> new Authorization.Declined("insufficient_funds");
			default -> new Authorization.Approved(chargeReferenceFor(idempotencyKey, amount));
		};
	}

	/**
	 * The reference of the charge of {@code amount} made with {@code idempotencyKey}: an id derived from the key, the
	 * amount, and a seal over both, so that the simulator knows its own charges, and their amounts, from their
	 * references alone ({@link #chargedAmount(String)}): after a restart too, and on another instance.
	 */
	static String chargeReferenceFor(String idempotencyKey, Money amount) {
		String charge = "%s_%s_%s".formatted(derivedId("charge:" + idempotencyKey), amount.amount().toPlainString(),
				amount.currency());
		return "ch_" + charge + "_" + seal(charge);
	}

	/**
	 * The reference of the refund of {@code amount} of {@code chargeReference} made with {@code idempotencyKey}: an id
	 * derived from the key, and a seal over it, the charge and the amount, so that a reference copied from another
	 * refund, charge or amount is not confirmed ({@link #madeRefund}).
	 */
	static String refundReferenceFor(String idempotencyKey, String chargeReference, Money amount) {
		String refund = derivedId("refund:" + idempotencyKey);
		return "re_" + refund + "_" + refundSeal(refund, chargeReference, amount);
	}

	private static String refundSeal(String refund, String chargeReference, Money amount) {
		return seal("%s_%s_%s_%s".formatted(refund, chargeReference, amount.amount().toPlainString(),
				amount.currency()));
	}

	/** The amount of a charge this gateway made; empty for a reference it did not make. */
	static Optional<Money> chargedAmount(String chargeReference) {
		Matcher reference = CHARGE_REFERENCE.matcher(chargeReference == null ? "" : chargeReference);
		if (!reference.matches() || !seal(reference.group("charge")).equals(reference.group("seal"))) {
			return Optional.empty();
		}
		return Optional.of(new Money(new BigDecimal(reference.group("amount")), reference.group("currency")));
	}

	private static String seal(String charge) {
		return derivedId("simulated-gateway-seal:" + charge).substring(0, 12);
	}

	/** What a key remembers of the card: enough to tell another card, never the token. */
	private static String fingerprint(String paymentToken) {
		return paymentToken == null ? "none" : derivedId("token:" + paymentToken);
	}

	private static String derivedId(String seed) {
		return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
	}

	/** A call, as a key remembers it: the operation in words (for the refusal) and the card's fingerprint. */
	private record Call(String operation, String card) {
	}

	private record Answered(Call call, Object answer) {
	}
}
