package io.securecart.inventory.catalog;

import io.securecart.platform.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The back office: set a product's stock count or price. Written on the primary; the answer is the product as the
 * primary now has it, with a {@code Consistency-Token} to send with the next catalog reads to see this change at
 * once (without it, a read from the replica may still show the old value for as long as the replica lags, and says
 * so in its headers).
 *
 * <p>
 * Only administrators may call these ({@code InventorySecurityConfiguration}); every change is in the audit trail.
 */
@RestController
@RequestMapping("/api/catalog/products/{sku}")
class CatalogAdminController {

	private static final String PROBLEM = "application/problem+json";

	private final CatalogAdmin admin;

	private final AuditTrail audit;

	CatalogAdminController(CatalogAdmin admin, AuditTrail audit) {
		this.admin = admin;
		this.audit = audit;
	}

	@PutMapping("/stock")
	@Operation(summary = "Set the stock on hand (reserved stock included)")
	@ApiResponse(responseCode = "200", description = "The product as the primary now has it",
			headers = @Header(name = Freshness.CONSISTENCY_TOKEN,
					description = "Send it with the next catalog reads to read this change at once"))
	@ApiResponse(responseCode = "400", description = "Not a count", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such product", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Below the stock reserved for paid orders",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<ProductView> countStock(@PathVariable String sku, @Valid @RequestBody StockCount count) {
		return changed(audit.record("catalog.stock.count", "product:" + sku,
				() -> admin.countStock(sku, count.stockOnHand()), change -> "stockOnHand=" + count.stockOnHand()));
	}

	@PutMapping("/price")
	@Operation(summary = "Change the price", description = "Orders already placed keep the price they were placed at.")
	@ApiResponse(responseCode = "200", description = "The product as the primary now has it",
			headers = @Header(name = Freshness.CONSISTENCY_TOKEN,
					description = "Send it with the next catalog reads to read this change at once"))
	@ApiResponse(responseCode = "400", description = "Not a positive price with at most two decimals and a currency",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such product", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "A currency other than the product's: a price keeps its currency",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<ProductView> reprice(@PathVariable String sku, @Valid @RequestBody PriceChange change) {
		return changed(audit.record("catalog.price.change", "product:" + sku, () -> admin.reprice(sku, change.toMoney()),
				changed -> "price=" + change.toMoney()));
	}

	private static ResponseEntity<ProductView> changed(ProductChange change) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(Freshness.CONSISTENCY_TOKEN, change.token().toString());
		headers.set(Freshness.DATA_SOURCE, "primary");
		return ResponseEntity.ok().headers(headers).body(change.product());
	}
}
