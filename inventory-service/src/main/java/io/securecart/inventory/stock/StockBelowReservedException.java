package io.securecart.inventory.stock;

/** A stock count below what paid orders are promised: the warehouse cannot have promised goods it does not hold. */
public class StockBelowReservedException extends RuntimeException {

	private final String sku;

	private final int stockOnHand;

	private final int reserved;

	public StockBelowReservedException(String sku, int stockOnHand, int reserved) {
		super("Cannot set the stock on hand of %s to %d: %d are reserved for paid orders".formatted(sku, stockOnHand,
				reserved));
		this.sku = sku;
		this.stockOnHand = stockOnHand;
		this.reserved = reserved;
	}

	public String sku() {
		return sku;
	}

	public int stockOnHand() {
		return stockOnHand;
	}

	public int reserved() {
		return reserved;
	}
}
