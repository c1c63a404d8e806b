package io.securecart.notification.customer;

import io.securecart.contracts.OrderLine;
import io.securecart.platform.security.Caller;
import jakarta.validation.constraints.Pattern;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Notify me when this SKU is back in stock", for the signed-in customer only: the request is the token subject's,
 * never a field of the request, and another customer's is a 404. {@code PUT} is idempotent: asking twice is one
 * request. The SKU is not checked against the catalog (this service does not call it): a SKU that never comes back
 * never notifies. A SKU outside the catalog's alphabet is a 400 (Spring MVC's own method validation: no
 * {@code @Validated}, whose exception would be a 500). A customer may have {@code waiting-per-customer} (50) requests
 * waiting: one more is a 409 {@code back-in-stock-limit}; the {@code PUT} is also limited in rate
 * ({@code securecart.rate-limits.rules.back-in-stock-requests}).
 */
@RestController
@RequestMapping("/api/back-in-stock-requests")
class BackInStockController {

	/** The SKU alphabet and length every service takes. */
	static final String SKU = OrderLine.SKU_PATTERN;

	private final BackInStockNotifications backInStock;

	BackInStockController(BackInStockNotifications backInStock) {
		this.backInStock = backInStock;
	}

	@PutMapping("/{sku}")
	BackInStockRequestView request(@PathVariable @Pattern(regexp = SKU) String sku, Authentication authentication) {
		return backInStock.request(Caller.of(authentication).subject(), sku);
	}

	@GetMapping("/{sku}")
	BackInStockRequestView find(@PathVariable @Pattern(regexp = SKU) String sku, Authentication authentication) {
		return backInStock.requestOf(Caller.of(authentication).subject(), sku);
	}
}
