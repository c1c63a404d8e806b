package io.securecart.checkout.cart;

import java.time.Instant;
import java.util.List;

/**
 * A cart as the API shows it: SKUs and quantities, no prices (checkout prices from the catalog). Each line carries
 * the version to send back with a change.
 */
public record CartView(String customerId, List<Line> lines) {

	static CartView of(String customerId, List<CartLine> lines) {
		return new CartView(customerId, lines.stream().map(Line::of).toList());
	}

	/**
	 * @param version send it as {@code expectedVersion} to change this line
	 * @param expiresAt when the line leaves the cart unless changed before
	 */
	public record Line(String sku, int quantity, long version, Instant expiresAt) {

		static Line of(CartLine line) {
			return new Line(line.getSku(), line.getQuantity(), line.getVersion(),
					Instant.ofEpochSecond(line.getExpiresAt()));
		}
	}
}
