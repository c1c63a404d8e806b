package io.securecart.checkout.order;

import io.securecart.checkout.catalog.CatalogUnavailableException;
import io.securecart.checkout.catalog.UnknownSkuException;
import io.securecart.platform.problem.DomainProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** What placing and reading orders can go wrong with, as problem types (docs/service-conventions.md). */
@Configuration(proxyBeanMethods = false)
public class OrderProblems {

	/** Seconds a client should wait before retrying when the catalog is unavailable. */
	static final String CATALOG_RETRY_AFTER_SECONDS = "5";

	/** Seconds a client should wait before retrying when payment could not decide (the coupled mode). */
	static final String PAYMENT_RETRY_AFTER_SECONDS = "5";

	@Bean
	DomainProblems orderDomainProblems() {
		return new DomainProblems()
			.map(UnknownSkuException.class, HttpStatus.BAD_REQUEST, "unknown-sku", "Unknown SKU")
			.map(MixedCurrenciesException.class, HttpStatus.UNPROCESSABLE_CONTENT, "mixed-currencies",
					"Items priced in more than one currency")
			.map(OrderTotalTooLargeException.class, HttpStatus.UNPROCESSABLE_CONTENT, "order-total-too-large",
					"Order total too large")
			.map(CatalogUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, "catalog-unavailable",
					"Catalog unavailable", (ex, problem, headers) -> {
						problem.setDetail("catalog unavailable, try again");
						headers.set(HttpHeaders.RETRY_AFTER, CATALOG_RETRY_AFTER_SECONDS);
					})
			// The coupled mode only: the customer waited for payment, and payment could not decide.
			.map(PaymentUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, "payment-unavailable",
					"Payment unavailable", (ex, problem, headers) -> {
						problem.setDetail("payment unavailable, try again with the same Idempotency-Key");
						headers.set(HttpHeaders.RETRY_AFTER, PAYMENT_RETRY_AFTER_SECONDS);
					})
			// Also the coupled mode: payment refused the request for good, and the order is cancelled. A 502 without
			// Retry-After, since the same request again cannot be answered otherwise (ADR 42, amended 2026-12-06).
			.map(PaymentRequestRefusedException.class, HttpStatus.BAD_GATEWAY, "payment-request-refused",
					"Payment request refused", (ex, problem, headers) -> {
						problem.setDetail("payment-service refused this order's payment request: the order is "
								+ "cancelled and nothing was charged; do not retry it");
						problem.setProperty("orderId", ex.orderId());
					})
			.map(IdempotencyKeyReusedException.class, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"Idempotency-Key reused")
			.map(OrderNotFoundException.class, HttpStatus.NOT_FOUND, "not-found", "Not Found");
	}
}
