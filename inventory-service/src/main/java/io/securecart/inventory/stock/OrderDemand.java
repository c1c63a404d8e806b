package io.securecart.inventory.stock;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.securecart.contracts.OrderLine;

/**
 * What a paid order asks of the warehouse: a quantity per product, with lines for the same SKU added up. Sorted by
 * SKU, which is also the order in which product rows are locked.
 */
record OrderDemand(SortedMap<String, Integer> quantities) {

	OrderDemand {
		if (quantities.isEmpty()) {
			throw new IllegalArgumentException("An order has at least one line");
		}
		quantities.forEach((sku, quantity) -> {
			if (quantity <= 0) {
				throw new IllegalArgumentException("Quantity of %s must be positive: %d".formatted(sku, quantity));
			}
		});
		quantities = Collections.unmodifiableSortedMap(new TreeMap<>(quantities));
	}

	static OrderDemand of(List<OrderLine> lines) {
		SortedMap<String, Integer> quantities = new TreeMap<>();
		for (OrderLine line : lines) {
			if (line.quantity() <= 0) {
				throw new IllegalArgumentException(
						"Quantity of %s must be positive: %d".formatted(line.sku(), line.quantity()));
			}
			quantities.merge(line.sku(), line.quantity(), Math::addExact);
		}
		return new OrderDemand(quantities);
	}

	SortedSet<String> skus() {
		return new TreeSet<>(quantities.keySet());
	}

	/**
	 * What of this demand {@code products} cannot meet: SKUs that are no product at all, and products with less
	 * available than asked for. {@link Shortfall#isEmpty() Empty} when every line fits.
	 */
	Shortfall shortfallIn(Map<String, Product> products) {
		SortedSet<String> unknown = new TreeSet<>();
		SortedSet<String> outOfStock = new TreeSet<>();
		quantities.forEach((sku, quantity) -> {
			Product product = products.get(sku);
			if (product == null) {
				unknown.add(sku);
			}
			else if (!product.canReserve(quantity)) {
				outOfStock.add(sku);
			}
		});
		return new Shortfall(unknown, outOfStock);
	}
}
