package io.securecart.checkout.cart;

import io.securecart.platform.problem.DomainProblems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** What the cart can go wrong with, as problem types (docs/service-conventions.md). */
@Configuration(proxyBeanMethods = false)
public class CartProblems {

	static final String RETRY_AFTER_SECONDS = "5";

	@Bean
	DomainProblems cartDomainProblems() {
		return new DomainProblems()
			.map(CartLineChangedException.class, HttpStatus.CONFLICT, "cart-line-changed", "Cart line changed",
					(ex, problem, headers) -> problem.setProperty("sku", ex.sku()))
			.map(CartLimitException.class, HttpStatus.CONFLICT, "cart-limit", "Cart limit reached")
			.map(EmptyCartException.class, HttpStatus.CONFLICT, "cart-empty", "Cart empty")
			.map(CartUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, "cart-unavailable",
					"Cart unavailable", (ex, problem, headers) -> {
						problem.setDetail("the cart could not be read or written, try again");
						headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
					});
	}
}
