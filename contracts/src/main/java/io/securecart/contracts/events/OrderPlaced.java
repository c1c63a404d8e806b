package io.securecart.contracts.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;

/**
 * Checkout accepted an order. Carries a payment <em>token</em> issued by the payment provider, never card data.
 * <p>
 * The copy on the event bus ({@link #withoutPaymentToken()}) carries no token, only the token's
 * {@code cardFingerprint}: a one-way hash that lets fraud screening recognise a card reported stolen, and cannot
 * authorise a charge.
 */
public record OrderPlaced(UUID eventId, UUID orderId, String customerId, List<OrderLine> lines, Money total,
		String paymentToken, Instant occurredAt, String cardFingerprint) implements OrderEvent {

	public OrderPlaced {
		lines = List.copyOf(lines);
		if (cardFingerprint == null && paymentToken != null) {
			cardFingerprint = fingerprintOf(paymentToken);
		}
	}

	/** With the fingerprint of {@code paymentToken}. */
	public OrderPlaced(UUID eventId, UUID orderId, String customerId, List<OrderLine> lines, Money total,
			String paymentToken, Instant occurredAt) {
		this(eventId, orderId, customerId, lines, total, paymentToken, occurredAt, null);
	}

	/** The same event, without the token that authorises the charge: for everyone who is not payment. */
	public OrderPlaced withoutPaymentToken() {
		return new OrderPlaced(eventId, orderId, customerId, lines, total, null, occurredAt, cardFingerprint);
	}

	/** {@code sha256:<hex>} of the token; the same token always gives the same fingerprint. */
	public static String fingerprintOf(String paymentToken) {
		try {
			return "sha256:" + HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(paymentToken.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		// The token authorises a charge: keep it out of logs even in toString().
		return "OrderPlaced[eventId=%s, orderId=%s, customerId=%s, lines=%s, total=%s]".formatted(eventId, orderId,
				customerId, lines, total);
	}
}
