package io.securecart.checkout.cart;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.checkout.order.OrderProblems;
import io.securecart.checkout.order.OrderStatus;
import io.securecart.checkout.order.OrderView;
import io.securecart.checkout.order.PaymentToken;
import io.securecart.checkout.security.CheckoutSecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The REST contract of {@code /api/cart}, with the carts and the checkout mocked. */
@WebMvcTest(CartController.class)
@WithMockUser(username = "alice", roles = "CUSTOMER")
@Import({ CheckoutSecurityConfiguration.class, CartProblems.class, OrderProblems.class })
class CartControllerTest {

	private static final Instant EXPIRES = Instant.parse("2026-12-30T12:00:00Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private Carts carts;

	@MockitoBean
	private CartCheckout cartCheckout;

	@Test
	void showsTheCallersOwnCartWithVersionsAndNoPrices() {
		given(carts.view("alice")).willReturn(
				new CartView("alice", List.of(new CartView.Line("SC-MUG-002", 2, 3, EXPIRES))));

		assertThat(mvc.get().uri("/api/cart")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					{"customerId": "alice",
					 "lines": [{"sku": "SC-MUG-002", "quantity": 2, "version": 3, "expiresAt": "2026-12-30T12:00:00Z"}]}
					""");
	}

	@Test
	void aCartDynamoDbDoesNotServeIsA503ToTryAgain() {
		given(carts.view("alice")).willThrow(
				new CartUnavailableException(software.amazon.awssdk.core.exception.SdkClientException.create("down")));

		assertThat(mvc.get().uri("/api/cart")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasHeader(HttpHeaders.RETRY_AFTER, CartProblems.RETRY_AFTER_SECONDS)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/cart-unavailable");
	}

	@Test
	void addsToTheSignedInCustomersCartWhateverTheBodySays() {
		given(carts.add("alice", "SC-MUG-002", 1)).willReturn(new CartView.Line("SC-MUG-002", 1, 1, EXPIRES));

		assertThat(mvc.post().uri("/api/cart/items").contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": "SC-MUG-002", "quantity": 1}""")).hasStatusOk().bodyJson().extractingPath("$.version").isEqualTo(1);
		// A customer field, or a price, is not part of the request: refused, never ignored.
		assertThat(mvc.post().uri("/api/cart/items").contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": "SC-MUG-002", "quantity": 1, "unitPrice": 0.01}""")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/unreadable-body");
		verify(carts).add("alice", "SC-MUG-002", 1);
	}

	@Test
	void refusesQuantitiesAnOrderCouldNotHoldAndSkusThatAreNoSkus() {
		assertThat(mvc.post().uri("/api/cart/items").contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": "SC-MUG-002", "quantity": 101}""")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("quantity");
		assertThat(mvc.put().uri("/api/cart/items/{sku}", "not a sku!").contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"quantity": 1, "expectedVersion": 1}""")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(mvc.put().uri("/api/cart/items/SC-MUG-002").contentType(MediaType.APPLICATION_JSON).content("""
				{"quantity": 1}""")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("expectedVersion");
		verifyNoInteractions(carts);
	}

	@Test
	void aLineChangedSinceItWasReadIsAConflictTheClientCanRetry() {
		given(carts.changeQuantity("alice", "SC-MUG-002", 4, 3)).willThrow(new CartLineChangedException("SC-MUG-002"));

		assertThat(mvc.put().uri("/api/cart/items/SC-MUG-002").contentType(MediaType.APPLICATION_JSON).content("""
				{"quantity": 4, "expectedVersion": 3}""")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isEqualTo("""
					{"type": "https://securecart.example/problems/cart-line-changed", "status": 409,
					 "title": "Cart line changed", "sku": "SC-MUG-002", "instance": "/api/cart/items/SC-MUG-002",
					 "detail": "the cart line SC-MUG-002 was changed since you read it: read the cart again and retry"}
					""");
	}

	@Test
	void removesALineAndEmptiesTheCart() {
		assertThat(mvc.delete().uri("/api/cart/items/SC-MUG-002")).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(mvc.delete().uri("/api/cart")).hasStatus(HttpStatus.NO_CONTENT);

		verify(carts).remove("alice", "SC-MUG-002");
		verify(carts).empty("alice");
	}

	@Test
	void checkoutPlacesTheCartAndAnswers202WithTheOrdersLocation() {
		UUID orderId = UUID.randomUUID();
		given(cartCheckout.checkout("alice", "key-1", new PaymentToken("tok_visa"))).willReturn(new OrderView(orderId,
				"alice", OrderStatus.PLACED, null, new BigDecimal("12.50"), "USD",
				List.of(new OrderView.Item("SC-MUG-002", 1, new BigDecimal("12.50"))), List.of()));

		assertThat(mvc.post().uri("/api/cart/checkout").header("Idempotency-Key", "key-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"paymentToken": "tok_visa"}""")).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader(HttpHeaders.LOCATION, "/api/orders/" + orderId);
	}

	@Test
	void checkoutNeedsAnIdempotencyKeyATokenAndSomethingInTheCart() {
		assertThat(mvc.post().uri("/api/cart/checkout").contentType(MediaType.APPLICATION_JSON).content("""
				{"paymentToken": "tok_visa"}""")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(mvc.post().uri("/api/cart/checkout").header("Idempotency-Key", "k")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"paymentToken": "4111 1111 1111 1111"}""")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.doesNotHaveToString("4111");
		verifyNoInteractions(cartCheckout);

		given(cartCheckout.checkout(anyString(), anyString(), any())).willThrow(new EmptyCartException());
		assertThat(mvc.post().uri("/api/cart/checkout").header("Idempotency-Key", "k")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"paymentToken": "tok_visa"}""")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/cart-empty");
	}

	@Test
	@WithMockUser(username = "ops", roles = "ADMIN")
	void noAdminReadsOrChangesACart() {
		assertThat(mvc.get().uri("/api/cart")).hasStatus(HttpStatus.FORBIDDEN);
		assertThat(mvc.post().uri("/api/cart/items").contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": "SC-MUG-002", "quantity": 1}""")).hasStatus(HttpStatus.FORBIDDEN);
		verifyNoInteractions(carts);
	}
}
