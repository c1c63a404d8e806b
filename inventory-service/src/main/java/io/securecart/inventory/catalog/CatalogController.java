package io.securecart.inventory.catalog;

import java.time.Clock;

import io.securecart.contracts.activity.ProductViewed;
import io.securecart.inventory.datasource.Lsn;
import io.securecart.platform.security.Caller;
import io.securecart.platform.security.Roles;
import io.securecart.platform.stream.CustomerActivityStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The product catalog: browse and search products, look one up by SKU. Served from the read replica; every answer
 * says where it came from and how fresh it is ({@link Freshness}). A client that sends back the
 * {@code Consistency-Token} of its last write reads that write. A product lookup's {@code ETag} is the version of
 * the product it shows, which a stock count names in {@code If-Match} (ADR 41); a search has none (a page holds many
 * products): look the product up.
 */
@RestController
@RequestMapping("/api/catalog/products")
class CatalogController {

	static final int MAX_PAGE_SIZE = 100;

	private static final String TOKEN_DESCRIPTION = "The Consistency-Token a back-office write answered with: the "
			+ "answer then includes that write. Without it, the answer may trail the latest writes by the "
			+ "replica's lag.";

	private final Catalog catalog;

	private final Clock clock;

	private final CustomerActivityStream activity;

	CatalogController(Catalog catalog, Clock clock, CustomerActivityStream activity) {
		this.catalog = catalog;
		this.clock = clock;
		this.activity = activity;
	}

	@GetMapping
	@Operation(summary = "Search products by name or description",
			description = "Ordered by SKU, never cached. X-Data-Source and X-Replica-Lag-Ms say how fresh it is.")
	@ApiResponse(responseCode = "200", description = "One page of products",
			headers = { @Header(name = Freshness.DATA_SOURCE, description = "replica or primary"),
					@Header(name = Freshness.REPLICA_LAG,
							description = "From the replica: how far it trailed the primary, in ms") })
	@ApiResponse(responseCode = "400", description = "A Consistency-Token no write answered with (unwritten-position)",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<ProductPage> search(@RequestParam(required = false) @Size(max = 100) String q,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size,
			@Parameter(description = TOKEN_DESCRIPTION, schema = @Schema(type = "string", example = "0/3000148"))
			@RequestHeader(name = Freshness.CONSISTENCY_TOKEN, required = false) @Nullable Lsn token) {
		CatalogRead<ProductPage> read = catalog.search(q, page, size, token);
		return ResponseEntity.ok().headers(Freshness.of(read)).body(read.value());
	}

	@GetMapping("/{sku}")
	@Operation(summary = "A product by SKU",
			description = "Cached for up to 5 s. X-Data-Source, X-Replica-Lag-Ms and Age say how fresh it is.")
	@ApiResponse(responseCode = "200", description = "The product",
			headers = { @Header(name = Freshness.DATA_SOURCE, description = "replica or primary"),
					@Header(name = Freshness.REPLICA_LAG,
							description = "From the replica: how far it trailed the primary, in ms"),
					@Header(name = "Age", description = "Seconds since it was read from the database"),
					@Header(name = HttpHeaders.ETAG, description = "The product's version as read: send it in If-Match "
							+ "with a stock count, which applies only while the product is at that version") })
	@ApiResponse(responseCode = "404", description = "No such product (on the server that answered)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "400", description = "A Consistency-Token no write answered with (unwritten-position)",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<ProductView> product(@PathVariable String sku,
			@Parameter(description = TOKEN_DESCRIPTION, schema = @Schema(type = "string", example = "0/3000148"))
			@RequestHeader(name = Freshness.CONSISTENCY_TOKEN, required = false) @Nullable Lsn token,
			Authentication authentication) {
		CatalogRead<VersionedProduct> read = catalog.product(sku, token);
		Caller caller = Caller.of(authentication);
		if (caller.roles().contains(Roles.CUSTOMER)) {
			// Best effort, never waited for (docs/adr/0014): a product view is not worth failing a page view over.
			activity.record(ProductViewed.now(caller.subject(), read.value().product().sku(), clock.instant()));
		}
		HttpHeaders headers = Freshness.withAge(read, clock.instant());
		headers.setETag(read.value().etag().formattedTag());
		return ResponseEntity.ok().headers(headers).body(read.value().product());
	}
}
