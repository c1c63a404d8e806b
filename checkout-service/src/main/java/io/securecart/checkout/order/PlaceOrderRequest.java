package io.securecart.checkout.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.securecart.checkout.catalog.CatalogProduct;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/orders}: what to buy and the token to pay with. The customer is the token's subject;
 * {@code customerId} may be left out, and naming anyone else is refused (403).
 */
public record PlaceOrderRequest(@Size(min = 1, max = 64) String customerId,
		@NotNull @Size(min = 1, max = MAX_ITEMS) @OneLinePerSku List<@NotNull @Valid Item> items,
		@NotNull @ValidPaymentToken PaymentToken paymentToken) {

	/** The most lines an order holds (a cart too, {@code securecart.cart.max-lines}). */
	public static final int MAX_ITEMS = 50;

	public record Item(@NotNull @Pattern(regexp = CatalogProduct.SKU_PATTERN, message = SKU_MESSAGE) String sku,
			@NotNull @Min(1) @Max(100) Integer quantity) {

		static final String SKU_MESSAGE = "must be a SKU: 1 to 64 letters, digits, '.', '_' or '-', the first a letter"
				+ " or digit";
	}

	/**
	 * SHA-256 of the request, as placed by {@code customer}, in a canonical form (each value length-prefixed, items in request order), so a replay
	 * of the same request under the same {@code Idempotency-Key} can be told from a different one. JSON formatting and
	 * field order do not change it.
	 */
	public String fingerprint(String customer) {
		StringBuilder canonical = new StringBuilder();
		appendValue(canonical, customer);
		appendValue(canonical, String.valueOf(items.size()));
		for (Item item : items) {
			appendValue(canonical, item.sku());
			appendValue(canonical, String.valueOf(item.quantity()));
		}
		appendValue(canonical, paymentToken.value());
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	private static void appendValue(StringBuilder canonical, String value) {
		canonical.append(value.length()).append(':').append(value).append(';');
	}
}
