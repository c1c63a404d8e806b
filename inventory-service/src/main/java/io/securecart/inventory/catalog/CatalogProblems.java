package io.securecart.inventory.catalog;

import io.securecart.inventory.stock.CurrencyChangeException;
import io.securecart.inventory.stock.StockBelowReservedException;
import io.securecart.platform.problem.DomainProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The catalog's problem types: an unknown SKU is a 404 that says which server did not find it (a lagging replica may
 * not have a new product yet); a stock count below the reserved stock a 409 with the numbers; a price in another
 * currency than the product's a 409 naming the product's; a consistency token beyond what the database has written
 * a 400; a stock count without the version it was counted against a 428, and one against a version the product has
 * left a 412 with the {@code Consistency-Token} that lets the next read show the product as it is now (ADR 41).
 */
@Configuration(proxyBeanMethods = false)
public class CatalogProblems {

	@Bean
	DomainProblems catalogDomainProblems() {
		return new DomainProblems()
			.map(ProductNotFoundException.class, HttpStatus.NOT_FOUND, "product-not-found", "Product not found",
					(ex, problem, headers) -> {
						problem.setProperty("sku", ex.sku());
						if (ex.read() != null) {
							headers.addAll(Freshness.of(ex.read()));
						}
					})
			.map(StockBelowReservedException.class, HttpStatus.CONFLICT, "stock-below-reserved",
					"Stock below reserved", (ex, problem, headers) -> {
						problem.setProperty("sku", ex.sku());
						problem.setProperty("stockOnHand", ex.stockOnHand());
						problem.setProperty("reserved", ex.reserved());
					})
			.map(CurrencyChangeException.class, HttpStatus.CONFLICT, "currency-change", "Currency change",
					(ex, problem, headers) -> {
						problem.setProperty("sku", ex.sku());
						problem.setProperty("currency", ex.currency());
					})
			.map(UnwrittenPositionException.class, HttpStatus.BAD_REQUEST, "unwritten-position",
					"Consistency token not written",
					(ex, problem, headers) -> problem.setProperty("token", ex.token().toString()))
			.map(PreconditionRequiredException.class, HttpStatus.PRECONDITION_REQUIRED, "precondition-required",
					"Precondition required", (ex, problem, headers) -> problem.setProperty("sku", ex.sku()))
			.map(ProductChangedException.class, HttpStatus.PRECONDITION_FAILED, "precondition-failed",
					"Precondition failed", (ex, problem, headers) -> {
						problem.setProperty("sku", ex.sku());
						if (ex.token() != null) {
							headers.set(Freshness.CONSISTENCY_TOKEN, ex.token().toString());
						}
					});
	}
}
