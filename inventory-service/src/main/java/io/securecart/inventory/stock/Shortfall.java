package io.securecart.inventory.stock;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Why an order's stock cannot be reserved.
 *
 * @param unknownSkus SKUs of no product
 * @param outOfStockSkus products with less available than the order asks for
 */
record Shortfall(SortedSet<String> unknownSkus, SortedSet<String> outOfStockSkus) {

	static final String OUT_OF_STOCK = "out of stock";

	static final String UNKNOWN_PRODUCT = "unknown product";

	Shortfall {
		unknownSkus = new TreeSet<>(unknownSkus);
		outOfStockSkus = new TreeSet<>(outOfStockSkus);
	}

	boolean isEmpty() {
		return unknownSkus.isEmpty() && outOfStockSkus.isEmpty();
	}

	/** Every SKU that cannot be reserved, sorted: what {@code StockRejected.unavailableSkus} reports. */
	List<String> unavailableSkus() {
		SortedSet<String> all = new TreeSet<>(unknownSkus);
		all.addAll(outOfStockSkus);
		return List.copyOf(all);
	}

	/** {@value #OUT_OF_STOCK}, {@value #UNKNOWN_PRODUCT}, or both, separated by "; ". */
	String reason() {
		List<String> reasons = new ArrayList<>();
		if (!outOfStockSkus.isEmpty()) {
			reasons.add(OUT_OF_STOCK);
		}
		if (!unknownSkus.isEmpty()) {
			reasons.add(UNKNOWN_PRODUCT);
		}
		return String.join("; ", reasons);
	}
}
