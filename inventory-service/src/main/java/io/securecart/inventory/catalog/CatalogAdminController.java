package io.securecart.inventory.catalog;

import io.securecart.platform.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The back office: set a product's stock count or price. Written on the primary; the answer is the product as the
 * primary now has it, with a {@code Consistency-Token} to send with the next catalog reads to see this change at
 * once (without it, a read from the replica may still show the old value for as long as the replica lags, and says
 * so in its headers). Both answer the product's new version as its {@code ETag}.
 *
 * <p>
 * A stock count is conditional (RFC 9110 {@code If-Match}, ADR 41): it names the version of the product it was
 * counted against, the {@code ETag} of {@code GET /api/catalog/products/{sku}}, and applies only while the product is
 * still at that version. Without it, a count taken before a shipment and arriving after it would overwrite the
 * shipment: phantom units that could be sold. A count without {@code If-Match} is a 428, one against another version a
 * 412 whose {@code Consistency-Token} lets the next read show the product as it is now.
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
	@Operation(summary = "Set the stock on hand (reserved stock included), as counted against a version",
			description = "Read the product first (GET /api/catalog/products/{sku}) and send its ETag in If-Match: "
					+ "the count applies only if the product has not changed since (a shipment, a reservation, "
					+ "another count or a price change). On a 412, read it again with the answer's "
					+ "Consistency-Token and count against what it shows.")
	@ApiResponse(responseCode = "200", description = "The product as the primary now has it",
			headers = { @Header(name = Freshness.CONSISTENCY_TOKEN,
					description = "Send it with the next catalog reads to read this change at once"),
					@Header(name = HttpHeaders.ETAG, description = "The product's new version") })
	@ApiResponse(responseCode = "400", description = "Not a count", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "404", description = "No such product", content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "409", description = "Below the stock reserved for paid orders",
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "412",
			description = "The product changed since the version in If-Match (precondition-failed): nothing changed",
			headers = @Header(name = Freshness.CONSISTENCY_TOKEN,
					description = "Send it with the next read to see the product as it is now"),
			content = @Content(mediaType = PROBLEM))
	@ApiResponse(responseCode = "428",
			description = "No If-Match, If-Match: *, or one naming no entity tag (precondition-required)",
			content = @Content(mediaType = PROBLEM))
	ResponseEntity<ProductView> countStock(@PathVariable String sku, @Valid @RequestBody StockCount count,
			@Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_MATCH, required = true,
					description = "The ETag of GET /api/catalog/products/{sku}: the version the count was made against",
					schema = @Schema(type = "string", example = "\"7\""))
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		IfMatch version = IfMatch.of(sku, ifMatch); // before the trail: like a 400, a 428 attempted nothing
		return changed(audit.record("catalog.stock.count", "product:" + sku,
				() -> admin.countStock(sku, count.stockOnHand(), version),
				change -> "stockOnHand=" + count.stockOnHand()));
	}

	@PutMapping("/price")
	@Operation(summary = "Change the price", description = "Orders already placed keep the price they were placed at.")
	@ApiResponse(responseCode = "200", description = "The product as the primary now has it",
			headers = { @Header(name = Freshness.CONSISTENCY_TOKEN,
					description = "Send it with the next catalog reads to read this change at once"),
					@Header(name = HttpHeaders.ETAG, description = "The product's new version") })
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
		if (change.token() != null) {
			headers.set(Freshness.CONSISTENCY_TOKEN, change.token().toString());
		}
		headers.set(Freshness.DATA_SOURCE, "primary");
		headers.setETag(change.product().etag().formattedTag());
		return ResponseEntity.ok().headers(headers).body(change.product().product());
	}
}
