package io.securecart.payment.gateway;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.securecart.contracts.Money;

/**
 * The charge references of the release before the simulator kept books (ADR 45, third amendment), kept for two uses
 * only, and to be removed a release after it. Its references were derived from the charge's key and amount, and
 * carried the amount and a seal, {@code ch_<32 hex>_<amount>_<currency>_<12 hex seal>}: the 32 hex digits a
 * name-based UUID of the key, the seal the first 12 hex digits of one of the rest; its books were that seal.
 * <ul>
 * <li>A refund of a charge that release made: the books in PostgreSQL do not have it, so a refund of one, asked by an
 * order charged before the upgrade (or during the rollout, by an instance of the new release for a charge an old one
 * made), was refused for good. {@link SimulatedPaymentGateway#refund} adopts such a charge into the books when the
 * seal checks out, with nothing given back yet, then refunds it as any other.</li>
 * <li>A charge asked again under a key that release may have charged ({@link #referenceFor}): it answered a key with
 * the reference derived from it, and kept no books, so a charge it made and whose answer was not recorded before the
 * upgrade is known here by that reference only. {@link SimulatedPaymentGateway#authorize} gives an approved charge
 * that same reference, so the retry lands on the charge the previous release made, not on a second one (ADR 45,
 * fourth amendment).</li>
 * </ul>
 * <p>
 * The seal is public, so anyone can build one: nothing is confirmed by it ({@code madeCharge} and the refunds'
 * lookups read the books only). A refund may trust it because the charge it names is the one on SecureCart's own
 * payment row, which the gateway gave, never a reference a client or a person sent.
 */
// Remove only with the startup check ADR 45's fourth amendment ("The release after") asks for: random charge
// references only once the earliest charge the books hold under a derived reference and a key is older than
// key-retention; until then referenceFor stays. Removed sooner, a charge the previous release made and did not record
// is charged a second time when asked again, and nothing says so.
final class PreviousReleaseSealedCharges {

	private static final Pattern SEALED = Pattern
		.compile("ch_(?<charge>[0-9a-f]{32}_(?<amount>[0-9]+\\.[0-9]{2})_(?<currency>[A-Z]{3}))_(?<seal>[0-9a-f]{12})");

	private PreviousReleaseSealedCharges() {
	}

	/**
	 * The amount of the charge, when the reference is a sealed one of the previous release whose seal checks out;
	 * empty for any other (the simulator's own, one with a broken seal, anything else).
	 */
	static Optional<Money> chargedAmount(String reference) {
		Matcher sealed = SEALED.matcher(reference == null ? "" : reference);
		if (!sealed.matches() || !seal(sealed.group("charge")).equals(sealed.group("seal"))) {
			return Optional.empty();
		}
		return Optional.of(new Money(new BigDecimal(sealed.group("amount")), sealed.group("currency")));
	}

	/**
	 * The reference the previous release gave the charge of {@code amount} under {@code idempotencyKey}, exactly (its
	 * {@code SimulatedPaymentGateway.chargeReferenceFor}): whatever card, on whatever instance, and however often.
	 */
	static String referenceFor(String idempotencyKey, Money amount) {
		String charge = "%s_%s_%s".formatted(derivedId("charge:" + idempotencyKey), amount.amount().toPlainString(),
				amount.currency());
		return "ch_" + charge + "_" + seal(charge);
	}

	/** The previous release's seal, exactly (its {@code SimulatedPaymentGateway.seal}). */
	private static String seal(String charge) {
		return derivedId("simulated-gateway-seal:" + charge).substring(0, 12);
	}

	private static String derivedId(String seed) {
		return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
	}
}
