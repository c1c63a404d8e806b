package io.securecart.inventory.catalog;

import io.securecart.inventory.datasource.Lsn;
import org.jspecify.annotations.Nullable;

/**
 * The product changed since the caller read the version its {@code If-Match} names (a shipment, a reservation,
 * another count or a price change committed in between): the change was not applied. A 412 (RFC 9110).
 */
class ProductChangedException extends RuntimeException {

	private final String sku;

	private final @Nullable Lsn token;

	/** @param token the primary's WAL position after the refusal: a read that reflects it shows the product as now */
	ProductChangedException(String sku, IfMatch ifMatch, @Nullable Lsn token) {
		super("Product " + sku + " is no longer at the version in If-Match (" + ifMatch + "): read it again (with "
				+ "this answer's Consistency-Token) and count against what it shows now");
		this.sku = sku;
		this.token = token;
	}

	String sku() {
		return sku;
	}

	@Nullable Lsn token() {
		return token;
	}
}
