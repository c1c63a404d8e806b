package io.securecart.payment.gateway;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.securecart.contracts.Money;

/**
 * The charge references of the release before the simulator kept books (ADR 45, third amendment), kept for one use
 * only, and to be removed a release after it: a refund of a charge that release made. Its references carried their
 * amount and a seal, {@code ch_<32 hex>_<amount>_<currency>_<12 hex seal>}, the seal the first 12 hex digits of a
 * name-based UUID of the rest; its books were that seal. The books in PostgreSQL do not have those charges, so a refund
 * of one, asked by an order charged before the upgrade (or during the rollout, by an instance of the new release for
 * a charge an old one made), was refused for good. {@link SimulatedPaymentGateway#refund} adopts such a charge into
 * the books when the seal checks out, with nothing given back yet, then refunds it as any other.
 * <p>
 * The seal is public, so anyone can build one: nothing is confirmed by it ({@code madeCharge} and the refunds'
 * lookups read the books only). A refund may trust it because the charge it names is the one on SecureCart's own
 * payment row, which the gateway gave, never a reference a client or a person sent.
 */
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

	/** The previous release's seal, exactly (its {@code SimulatedPaymentGateway.seal}). */
	private static String seal(String charge) {
		String id = UUID.nameUUIDFromBytes(("simulated-gateway-seal:" + charge).getBytes(StandardCharsets.UTF_8))
			.toString()
			.replace("-", "");
		return id.substring(0, 12);
	}
}
