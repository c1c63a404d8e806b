package io.securecart.inventory.stock;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalInt;

import io.securecart.contracts.Money;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A product: what the catalog shows, and how much of it the warehouse holds. Of the stock on hand, {@code reserved}
 * is promised to paid orders that have not shipped yet; the rest is available to new orders.
 *
 * <p>
 * Stock changes only through {@link #reserve}, {@link #commitReserved}, {@link #releaseReserved} and
 * {@link #recordStockCount}, which refuse
 * to break the invariant {@code 0 <= reserved <= stockOnHand}. The table enforces the same invariant with check
 * constraints. The price changes only through {@link #reprice}, which refuses a price that is not positive.
 *
 * <p>
 * Nothing watches this object for changes: whoever changes a product saves it, in the same transaction, and
 * {@link AvailableStockChanges} announces whatever that save changed in the available stock.
 */
@Table("product")
public class Product {

	@Id
	private String sku;

	private String name;

	private String description;

	private BigDecimal price;

	private String currency;

	private int stockOnHand;

	private int reserved;

	/** Stamped by Spring Data on every save, with the platform's clock ({@code RowTimestamps}). */
	@LastModifiedDate
	private Instant updatedAt;

	/** Null until the product is first saved; rows written before Spring Data JDBC start at 0. */
	@Version
	private Long version;

	/**
	 * The available stock as last read from, or written to, the database: what a change is measured from. Null while
	 * this object has never agreed with a row (a product not saved yet).
	 */
	@Transient
	private @Nullable Integer availableWhenSynchronized;

	private Product() {
		// read from the database
	}

	Product(String sku, String name, String description, Money price, int stockOnHand) {
		if (stockOnHand < 0) {
			throw new IllegalArgumentException("Stock on hand cannot be negative: " + stockOnHand);
		}
		this.sku = sku;
		this.name = name;
		this.description = description;
		this.price = price.amount();
		this.currency = price.currency();
		this.stockOnHand = stockOnHand;
	}

	public String getSku() {
		return sku;
	}

	public String getName() {
		return name;
	}

	public String getDescription() {
		return description;
	}

	public Money getPrice() {
		return new Money(price, currency);
	}

	public int getStockOnHand() {
		return stockOnHand;
	}

	public int getReserved() {
		return reserved;
	}

	/**
	 * The version of the row this object was read from, or last saved as: every save of the product (a reservation,
	 * a release, a shipment, a stock count, a price change) adds one. The catalog shows it as the product's
	 * {@code ETag}, and a stock count names the version it was counted against. Null only before the first save.
	 */
	public @Nullable Long getVersion() {
		return version;
	}

	/** What a new order can still have: the stock on hand that is not promised to another order. */
	public int availableStock() {
		return stockOnHand - reserved;
	}

	/** The row and this object agree now (read, or saved). */
	void synchronizedWithDatabase() {
		availableWhenSynchronized = availableStock();
	}

	/** What new orders could have when this object last agreed with its row; empty if it never did (a new product). */
	OptionalInt availableWhenSynchronized() {
		return availableWhenSynchronized == null ? OptionalInt.empty() : OptionalInt.of(availableWhenSynchronized);
	}

	boolean canReserve(int quantity) {
		return quantity <= availableStock();
	}

	/** Promises {@code quantity} to an order; the goods stay on the shelf until it ships. */
	void reserve(int quantity) {
		requirePositive(quantity);
		if (!canReserve(quantity)) {
			throw new IllegalStateException("Cannot reserve %d of %s: only %d available"
				.formatted(quantity, sku, availableStock()));
		}
		reserved += quantity;
	}

	/** The order that reserved {@code quantity} shipped: the goods left the warehouse. */
	void commitReserved(int quantity) {
		requirePositive(quantity);
		if (quantity > reserved) {
			throw new IllegalStateException("Cannot commit %d of %s: only %d reserved".formatted(quantity, sku,
					reserved));
		}
		reserved -= quantity;
		stockOnHand -= quantity;
	}

	/** The order that reserved {@code quantity} will not ship (its fulfillment failed): available again. */
	void releaseReserved(int quantity) {
		requirePositive(quantity);
		if (quantity > reserved) {
			throw new IllegalStateException("Cannot release %d of %s: only %d reserved".formatted(quantity, sku,
					reserved));
		}
		reserved -= quantity;
	}

	/**
	 * Goods of a cancelled order left after all, though its reservation had put them back on sale
	 * ({@code PaymentRejected} overtook {@code OrderShipped}, ADR 44): they are taken off the stock on hand, as far as
	 * some are still unpromised. What other orders reserved since stays theirs, and the stock never goes below zero:
	 * the rest were sold again, which only a person can put right.
	 * @return how many were taken off; fewer than {@code quantity} when the rest had been sold again
	 */
	int takeOffShippedAfterRelease(int quantity) {
		requirePositive(quantity);
		int taken = Math.min(quantity, availableStock());
		stockOnHand -= taken;
		return taken;
	}

	/**
	 * The warehouse counted the product: {@code stockOnHand} are on the shelf now, reserved ones included. A restock
	 * raises it; a count that finds breakage or loss lowers it, but never below what paid orders are promised.
	 * @throws StockBelowReservedException if fewer than the reserved quantity would be left
	 */
	public void recordStockCount(int stockOnHand) {
		if (stockOnHand < 0) {
			throw new IllegalArgumentException("Stock on hand cannot be negative: " + stockOnHand);
		}
		if (stockOnHand < reserved) {
			throw new StockBelowReservedException(sku, stockOnHand, reserved);
		}
		this.stockOnHand = stockOnHand;
	}

	/**
	 * From now on the product costs {@code price}; orders already placed keep the price they were placed at.
	 * @throws CurrencyChangeException if {@code price} is in another currency than the product's
	 */
	public void reprice(Money price) {
		if (price.amount().signum() <= 0) {
			throw new IllegalArgumentException("A price must be positive: " + price);
		}
		if (!price.currency().equals(currency)) {
			throw new CurrencyChangeException(sku, currency, price.currency());
		}
		this.price = price.amount();
	}

	private static void requirePositive(int quantity) {
		if (quantity <= 0) {
			throw new IllegalArgumentException("Quantity must be positive: " + quantity);
		}
	}

	@Override
	public String toString() {
		return "Product[sku=%s, stockOnHand=%d, reserved=%d]".formatted(sku, stockOnHand, reserved);
	}
}
