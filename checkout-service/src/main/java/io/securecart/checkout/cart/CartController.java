package io.securecart.checkout.cart;

import java.net.URI;

import io.securecart.checkout.catalog.CatalogProduct;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.checkout.order.ValidPaymentToken;
import io.securecart.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The signed-in customer's cart: always the token subject's own, never named in the request. */
@RestController
@RequestMapping("/api/cart")
@Tag(name = "Cart", description = "The signed-in customer's cart (DynamoDB); checkout places it as an order")
class CartController {

	static final String SKU = CatalogProduct.SKU_PATTERN;

	private final Carts carts;

	private final CartCheckout cartCheckout;

	CartController(Carts carts, CartCheckout cartCheckout) {
		this.carts = carts;
		this.cartCheckout = cartCheckout;
	}

	@GetMapping
	@Operation(summary = "The caller's cart", description = "SKUs, quantities and each line's version; no prices")
	CartView cart(Authentication authentication) {
		return carts.view(customer(authentication));
	}

	@PostMapping("/items")
	@Operation(summary = "Add to the cart",
			description = "Adds the quantity to the SKU's line, creating it if needed; concurrent additions add up.")
	@ApiResponse(responseCode = "409", description = "More than a cart may hold (cart-limit)",
			content = @Content(mediaType = "application/problem+json"))
	CartView.Line add(@Valid @RequestBody AddItem request, Authentication authentication) {
		return carts.add(customer(authentication), request.sku(), request.quantity());
	}

	@PutMapping("/items/{sku}")
	@Operation(summary = "Change a line's quantity",
			description = "Only if the line is still at expectedVersion (the version last read): otherwise 409 "
					+ "cart-line-changed, and the client reads the cart again and retries.")
	@ApiResponse(responseCode = "409", description = "The line changed since it was read (cart-line-changed)",
			content = @Content(mediaType = "application/problem+json"))
	CartView.Line changeQuantity(@PathVariable @Pattern(regexp = SKU) String sku,
			@Valid @RequestBody ChangeQuantity request, Authentication authentication) {
		return carts.changeQuantity(customer(authentication), sku, request.quantity(), request.expectedVersion());
	}

	@DeleteMapping("/items/{sku}")
	@Operation(summary = "Remove a line")
	ResponseEntity<Void> remove(@PathVariable @Pattern(regexp = SKU) String sku, Authentication authentication) {
		carts.remove(customer(authentication), sku);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping
	@Operation(summary = "Empty the cart")
	ResponseEntity<Void> empty(Authentication authentication) {
		carts.empty(customer(authentication));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/checkout")
	@Operation(summary = "Place the cart as an order",
			description = "Prices from the catalog, as POST /api/orders does, with the same Idempotency-Key rules. "
					+ "The cart is emptied once the order is accepted, and left as it was when it is not.")
	@ApiResponse(responseCode = "202", description = "Accepted; the Location header names the order")
	@ApiResponse(responseCode = "409", description = "The cart is empty (cart-empty)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "As POST /api/orders: idempotency-key-reused, mixed-currencies "
			+ "or order-total-too-large", content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "The cart cannot be read (cart-unavailable), or as POST "
			+ "/api/orders; try again with the same Idempotency-Key",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<OrderView> checkout(
			@Parameter(description = "Unique per checkout the client means to make; retries reuse it")
			@RequestHeader("Idempotency-Key") @NotBlank @Size(max = 100) String idempotencyKey,
			@Valid @RequestBody Checkout request, Authentication authentication) {
		OrderView order = cartCheckout.checkout(customer(authentication), idempotencyKey, request.paymentToken());
		URI location = UriComponentsBuilder.fromPath("/api/orders/{id}").buildAndExpand(order.id()).toUri();
		return ResponseEntity.accepted().location(location).body(order);
	}

	private static String customer(Authentication authentication) {
		return Caller.of(authentication).subject();
	}

	record AddItem(@NotBlank @Pattern(regexp = SKU) String sku, @NotNull @Min(1) @Max(100) Integer quantity) {
	}

	record ChangeQuantity(@NotNull @Min(1) @Max(100) Integer quantity, @NotNull @Min(1) Long expectedVersion) {
	}

	record Checkout(@NotNull @ValidPaymentToken PaymentToken paymentToken) {
	}
}
