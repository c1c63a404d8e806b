package io.securecart.checkout.order;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.securecart.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders", description = "Place orders and follow them through payment, stock and shipping")
class OrderController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final Checkout checkout;

	private final Orders orders;

	OrderController(Checkout checkout, Orders orders) {
		this.checkout = checkout;
		this.orders = orders;
	}

	@PostMapping
	@Operation(summary = "Place an order",
			description = "Accepted, not yet paid: follow the order at its Location. Sending the same request again "
					+ "with the same Idempotency-Key answers with the same order; a different request with a key the "
					+ "customer used, or one another customer used, is refused (422): keys are unique, and random ones "
					+ "never meet.")
	@ApiResponse(responseCode = "202", description = "Accepted; the Location header names the order")
	@ApiResponse(responseCode = "400", description = "Invalid request, missing Idempotency-Key or unknown SKU",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "Idempotency-Key reused with a different request "
			+ "(idempotency-key-reused), items the catalog prices in more than one currency (mixed-currencies), or "
			+ "a total above 9,999,999,999.99 (order-total-too-large)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "Catalog unavailable and no price remembered, or (coupled mode only) payment unavailable; "
					+ "try again with the same Idempotency-Key",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "customerId names someone other than the token's subject",
			content = @Content(mediaType = "application/problem+json"))
	ResponseEntity<OrderView> place(
			@Parameter(description = "Unique per order the client means to place; retries reuse it")
			@RequestHeader(IDEMPOTENCY_KEY) @NotBlank @Size(max = 100) String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request, Authentication authentication) {
		String customerId = Caller.of(authentication).customerFor(request.customerId());
		OrderView order = checkout.placeOrder(idempotencyKey, customerId, request);
		URI location = UriComponentsBuilder.fromPath("/api/orders/{id}").buildAndExpand(order.id()).toUri();
		return ResponseEntity.accepted().location(location).body(order);
	}

	@GetMapping("/{id}")
	@Operation(summary = "An order, with its status and timeline",
			description = "A customer sees only their own orders: another customer's answers 404.")
	OrderView order(@PathVariable UUID id, Authentication authentication) {
		OrderView order = orders.view(id);
		return Caller.of(authentication).readable(order.customerId(), order, "Order " + id);
	}

	@GetMapping
	@Operation(summary = "A customer's orders, newest first (at most " + Orders.CUSTOMER_ORDERS_SHOWN + ")",
			description = "The caller's own when customerId is left out; another customer's answers 404 (admins "
					+ "may name anyone).")
	List<OrderView> ofCustomer(@RequestParam(required = false) @Size(min = 1, max = 64) String customerId,
			Authentication authentication) {
		return orders.ofCustomer(Caller.of(authentication).readableCustomer(customerId, "Customer"));
	}
}
