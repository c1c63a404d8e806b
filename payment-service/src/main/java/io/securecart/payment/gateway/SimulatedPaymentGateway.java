package io.securecart.payment.gateway;

import java.nio.charset.StandardCharsets;
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
 * Like a real provider it keeps the result of each idempotency key for a while, so a repeated call returns the first
 * result and charges once: the last {@value #REMEMBERED_KEYS} keys, as a provider keeps its keys for a day, not for
 * ever (a service that runs for weeks would otherwise hold every order it ever charged). A key it has forgotten gets
 * the same answer again, since the answer is derived from the key and the token. The {@link GatewaySettings} add
 * latency, transient failures or a whole outage, and can be changed at runtime.
 * Payment tokens are never logged.
 */
@Component
public class SimulatedPaymentGateway implements PaymentGateway {

	static final int FLAKY_FAILURES = 2;

	private static final Logger log = LoggerFactory.getLogger(SimulatedPaymentGateway.class);

	private static final Pattern WELL_FORMED_TOKEN = Pattern.compile("tok_[A-Za-z0-9_]{1,64}");

	private final AtomicReference<GatewaySettings> settings;

	static final int REMEMBERED_KEYS = 10_000;

	/**
	 * Calls per key that have not produced a result yet; removed once the key has one. A key that never does (its
	 * order dead-lettered) is forgotten with the oldest.
	 */
	private final Map<String, Integer> attempts = remembering(REMEMBERED_KEYS);

	private final Map<String, Authorization> authorizations = remembering(REMEMBERED_KEYS);

	private final Map<String, RefundReceipt> refunds = remembering(REMEMBERED_KEYS);

	private final AtomicLong probes = new AtomicLong();

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

	/** How many keys it remembers now, over its three memories. */
	int rememberedKeys() {
		return attempts.size() + authorizations.size() + refunds.size();
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
		Authorization authorization = authorizations.computeIfAbsent(idempotencyKey, key -> {
			if ("tok_flaky".equals(paymentToken) && attempt <= FLAKY_FAILURES) {
				throw new GatewayUnavailableException(
						"Payment gateway did not answer (flaky card, attempt %d)".formatted(attempt));
			}
			return decide(key, paymentToken);
		});
		attempts.remove(attemptKey);
		log.debug("Authorization for {} of {}: {}", idempotencyKey, amount, authorization);
		return authorization;
	}

	@Override
	public RefundReceipt refund(String idempotencyKey, String chargeReference, Money amount) {
		String attemptKey = "refund:" + idempotencyKey;
		beginCall(attemptKey);
		if (!chargeReferenceFor(idempotencyKey).equals(chargeReference)) {
			attempts.remove(attemptKey);
			throw new IllegalArgumentException(
					"No charge %s for idempotency key %s to refund".formatted(chargeReference, idempotencyKey));
		}
		RefundReceipt receipt = refunds.computeIfAbsent(idempotencyKey,
				key -> new RefundReceipt("re_" + derivedId("refund:" + key)));
		attempts.remove(attemptKey);
		log.debug("Refund for {} of {}: {}", idempotencyKey, amount, receipt);
		return receipt;
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

	private static Authorization decide(String idempotencyKey, String paymentToken) {
		if (paymentToken == null || !WELL_FORMED_TOKEN.matcher(paymentToken).matches()) {
			return new Authorization.Declined("invalid_token");
		}
		return switch (paymentToken) {
			case "tok_declined" -> new Authorization.Declined("card_declined");
			case "tok_insufficient_funds" -> new Authorization.Declined("insufficient_funds");
			default -> new Authorization.Approved(chargeReferenceFor(idempotencyKey));
		};
	}

	/** Derived from the key rather than random, so the simulator recognises its charges after a restart too. */
	static String chargeReferenceFor(String idempotencyKey) {
		return "ch_" + derivedId("charge:" + idempotencyKey);
	}

	private static String derivedId(String seed) {
		return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
	}
}
