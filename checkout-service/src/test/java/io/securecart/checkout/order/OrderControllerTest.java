package io.securecart.checkout.order;

import io.securecart.checkout.security.CheckoutSecurityConfiguration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.securecart.checkout.catalog.CatalogClient;
import io.securecart.checkout.catalog.CatalogProduct;
import io.securecart.checkout.catalog.CatalogUnavailableException;
import io.securecart.checkout.catalog.UnknownSkuException;
import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The REST contract of {@code /api/orders}, with the catalog and the persistent side mocked. */
@WebMvcTest(OrderController.class)
@WithMockUser(username = "alice", roles = "CUSTOMER")
@Import({ Checkout.class, CheckoutSecurityConfiguration.class, OrderProblems.class })
@ExtendWith(OutputCaptureExtension.class)
class OrderControllerTest {

	private static final String VALID_REQUEST = """
			{"customerId": "alice", "items": [{"sku": "SC-TSHIRT-001", "quantity": 2}], "paymentToken": "tok_visa"}
			""";

	private static final UUID ORDER_ID = UUID.fromString("0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a11");

	private static final OrderView PLACED = new OrderView(ORDER_ID, "alice", OrderStatus.PLACED, null,
			new BigDecimal("39.98"), "USD", List.of(new OrderView.Item("SC-TSHIRT-001", 2, new BigDecimal("19.99"))),
			List.of(new OrderView.TimelineItem("OrderPlaced", Instant.parse("2026-11-21T10:00:00Z"), null)));

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private CatalogClient catalog;

	@MockitoBean
	private Orders orders;

	@MockitoBean
	private PaymentPort payment;

	@BeforeEach
	void catalogKnowsTheTshirt() {
		given(catalog.product("SC-TSHIRT-001")).willReturn(CompletableFuture.completedFuture(
				new CatalogProduct("SC-TSHIRT-001", "SecureCart T-shirt", new BigDecimal("19.99"), "USD")));
		given(orders.replay(anyString(), anyString(), anyString())).willReturn(Optional.empty());
	}

	@Test
	void placesAnOrderPricedFromTheCatalogAndAnswers202WithItsLocation() {
		given(orders.place(any())).willReturn(PLACED);

		assertThat(post("key-1", VALID_REQUEST)).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader(HttpHeaders.LOCATION, "/api/orders/" + ORDER_ID)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"id": "0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a11", "customerId": "alice", "status": "PLACED",
					 "cancellationReason": null, "total": 39.98, "currency": "USD",
					 "items": [{"sku": "SC-TSHIRT-001", "quantity": 2, "unitPrice": 19.99}],
					 "timeline": [{"event": "OrderPlaced", "at": "2026-11-21T10:00:00Z", "detail": null}]}
					""");

		ArgumentCaptor<PlaceOrder> placed = ArgumentCaptor.forClass(PlaceOrder.class);
		verify(orders).place(placed.capture());
		assertThat(placed.getValue().idempotencyKey()).isEqualTo("key-1");
		assertThat(placed.getValue().customerId()).isEqualTo("alice");
		assertThat(placed.getValue().lines()).containsExactly(new OrderLine("SC-TSHIRT-001", 2, Money.of("19.99")));
		assertThat(placed.getValue().paymentToken().value()).isEqualTo("tok_visa");
		assertThat(placed.getValue().requestFingerprint()).isEqualTo(new PlaceOrderRequest("alice",
				List.of(new PlaceOrderRequest.Item("SC-TSHIRT-001", 2)), new PaymentToken("tok_visa")).fingerprint("alice"));
		verify(payment).beforeAnswering(PLACED, new PaymentToken("tok_visa"));
	}

	@Test
	void aSkuOnTwoLinesIsRefusedBeforeAnythingIsPricedOrPlaced() {
		// 100 on each of two lines would order past what one order may hold of a SKU (100).
		assertThat(post("key-2", """
				{"customerId": "alice", "paymentToken": "tok_visa",
				 "items": [{"sku": "SC-TSHIRT-001", "quantity": 100}, {"sku": "SC-TSHIRT-001", "quantity": 100}]}
				""")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("items must list each SKU once");

		verifyNoInteractions(catalog, orders);
	}

	@Test
	void itemsPricedInTwoCurrenciesAreRefusedWith422AndNothingIsPlaced() {
		given(catalog.product("SC-MUG-002")).willReturn(CompletableFuture.completedFuture(
				new CatalogProduct("SC-MUG-002", "SecureCart mug", new BigDecimal("12.50"), "EUR")));

		MvcTestResult refused = post("key-3", """
				{"customerId": "alice", "paymentToken": "tok_visa",
				 "items": [{"sku": "SC-TSHIRT-001", "quantity": 1}, {"sku": "SC-MUG-002", "quantity": 1}]}
				""");

		assertThat(refused).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/mixed-currencies");
		assertThat(refused).bodyJson().extractingPath("$.detail").asString().contains("USD, EUR");

		verify(orders, never()).place(any());
		verifyNoInteractions(payment);
	}

	/**
	 * Inventory accepts a price of up to 9,999,999,999.99 and an order 100 of a SKU: such a total does not fit
	 * {@code numeric(12,2)}, here or in payment, and its insert was a 500 (22003).
	 */
	@Test
	void aTotalLargerThanAnOrderMayHoldIsRefusedWith422AndNothingIsPlaced() {
		given(catalog.product("SC-GOLD-001")).willReturn(CompletableFuture.completedFuture(
				new CatalogProduct("SC-GOLD-001", "Gold bar", new BigDecimal("9999999999.99"), "USD")));

		MvcTestResult refused = post("key-4", """
				{"customerId": "alice", "paymentToken": "tok_visa", "items": [{"sku": "SC-GOLD-001", "quantity": 2}]}
				""");

		assertThat(refused).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://securecart.example/problems/order-total-too-large");
		assertThat(refused).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("19999999999.98 USD", "at most 9999999999.99 USD");

		verify(orders, never()).place(any());
		verifyNoInteractions(payment);
	}

	@Test
	void theLargestTotalAnOrderMayHoldIsPlaced() {
		given(catalog.product("SC-GOLD-001")).willReturn(CompletableFuture.completedFuture(
				new CatalogProduct("SC-GOLD-001", "Gold bar", new BigDecimal("4999999999.99"), "USD")));
		given(catalog.product("SC-TSHIRT-001")).willReturn(CompletableFuture.completedFuture(
				new CatalogProduct("SC-TSHIRT-001", "SecureCart T-shirt", new BigDecimal("0.01"), "USD")));
		given(orders.place(any())).willReturn(PLACED);

		assertThat(post("key-5", """
				{"customerId": "alice", "paymentToken": "tok_visa",
				 "items": [{"sku": "SC-GOLD-001", "quantity": 2}, {"sku": "SC-TSHIRT-001", "quantity": 1}]}
				""")).hasStatus(HttpStatus.ACCEPTED);

		verify(orders).place(any());
	}

	@Test
	void aReplayedRequestGetsTheSameOrderWithoutPricingOrPlacingAgain() {
		given(orders.replay(anyString(), eq("key-1"), anyString())).willReturn(Optional.of(PLACED));

		assertThat(post("key-1", VALID_REQUEST)).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader(HttpHeaders.LOCATION, "/api/orders/" + ORDER_ID)
			.bodyJson()
			.extractingPath("$.id")
			.isEqualTo(ORDER_ID.toString());

		verifyNoInteractions(catalog);
		verify(orders, never()).place(any());
		verify(payment).beforeAnswering(PLACED, new PaymentToken("tok_visa"));
	}

	@Test
	void aPaymentThatCouldNotDecideIs503WithRetryAfter() {
		given(orders.place(any())).willReturn(PLACED);
		willThrow(new PaymentUnavailableException(ORDER_ID, "payment-service answered 503")).given(payment)
			.beforeAnswering(any(), any());

		MvcTestResult result = post("key-1", VALID_REQUEST);

		assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE,
				"payment unavailable, try again with the same Idempotency-Key");
		assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "5");
	}

	@Test
	void aKeyReusedForADifferentRequestIs422() {
		given(orders.replay(anyString(), eq("key-1"), anyString())).willThrow(new IdempotencyKeyReusedException());

		assertProblem(post("key-1", VALID_REQUEST), HttpStatus.UNPROCESSABLE_CONTENT,
				"Idempotency-Key reused with a different request");
		verify(orders, never()).place(any());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			malformed JSON         | {"customerId": "alice", "items": [                                                              | Malformed JSON request body
			not an object          | []                                                                                               | Invalid request body
			quantity not a number  | {"customerId": "alice", "items": [{"sku": "A", "quantity": "two"}], "paymentToken": "tok_visa"} | Invalid value for 'items[0].quantity'
			customerId too long    | {"customerId": "a123456789b123456789c123456789d123456789e123456789f123456789g1234", "items": [{"sku": "A", "quantity": 1}], "paymentToken": "tok_visa"} | customerId size must be between 1 and 64
			missing items          | {"customerId": "alice", "paymentToken": "tok_visa"}                                              | items must not be null
			no items               | {"customerId": "alice", "items": [], "paymentToken": "tok_visa"}                                 | items size must be between 1 and 50
			blank sku              | {"customerId": "alice", "items": [{"sku": " ", "quantity": 1}], "paymentToken": "tok_visa"}      | items[0].sku must be a SKU
			sku needing escaping   | {"customerId": "alice", "items": [{"sku": "SC-MUG%2F002", "quantity": 1}], "paymentToken": "tok_visa"} | items[0].sku must be a SKU
			sku a path step        | {"customerId": "alice", "items": [{"sku": "..", "quantity": 1}], "paymentToken": "tok_visa"}     | items[0].sku must be a SKU
			sku too long           | {"customerId": "alice", "items": [{"sku": "A123456789B123456789C123456789D123456789E123456789F123456789G1234", "quantity": 1}], "paymentToken": "tok_visa"} | items[0].sku must be a SKU
			missing quantity       | {"customerId": "alice", "items": [{"sku": "A"}], "paymentToken": "tok_visa"}                    | items[0].quantity must not be null
			zero quantity          | {"customerId": "alice", "items": [{"sku": "A", "quantity": 0}], "paymentToken": "tok_visa"}     | items[0].quantity must be greater than or equal to 1
			negative quantity      | {"customerId": "alice", "items": [{"sku": "A", "quantity": -1}], "paymentToken": "tok_visa"}    | items[0].quantity must be greater than or equal to 1
			too large quantity     | {"customerId": "alice", "items": [{"sku": "A", "quantity": 101}], "paymentToken": "tok_visa"}   | items[0].quantity must be less than or equal to 100
			missing token          | {"customerId": "alice", "items": [{"sku": "A", "quantity": 1}]}                                 | paymentToken must not be null
			fractional quantity    | {"customerId": "alice", "items": [{"sku": "A", "quantity": 1.5}], "paymentToken": "tok_visa"}   | Invalid value for 'items[0].quantity'
			huge quantity          | {"customerId": "alice", "items": [{"sku": "A", "quantity": 99999999999999999999}], "paymentToken": "tok_visa"} | Invalid value for 'items[0].quantity'
			a status               | {"customerId": "alice", "items": [{"sku": "A", "quantity": 1}], "paymentToken": "tok_visa", "status": "SHIPPED"} | Unknown field 'status': a client may not set it
			a total                | {"customerId": "alice", "items": [{"sku": "A", "quantity": 1}], "paymentToken": "tok_visa", "total": 0.00} | Unknown field 'total': a client may not set it
			a unit price           | {"customerId": "alice", "items": [{"sku": "A", "quantity": 1, "unitPrice": 0.01}], "paymentToken": "tok_visa"} | Unknown field 'items[0].unitPrice': a client may not set it
			""")
	void rejectsAnInvalidBodyWithAProblem(String description, String body, String detail) {
		assertProblem(post("key-1", body), HttpStatus.BAD_REQUEST, detail);
		verify(orders, never()).place(any());
	}

	@Test
	void rejectsAMissingBody() {
		assertProblem(mvc.post().uri("/api/orders").header("Idempotency-Key", "key-1")
			.contentType(MediaType.APPLICATION_JSON).exchange(), HttpStatus.BAD_REQUEST,
				"Request body is missing");
	}

	@Test
	void listsEveryInvalidFieldWithoutTheirValues() {
		MvcTestResult result = post("key-1", """
				{"customerId": "", "items": [{"sku": "A", "quantity": 0}], "paymentToken": "visa-secret-1"}
				""");

		assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid request");
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"errors": [
				  {"field": "customerId", "message": "size must be between 1 and 64"},
				  {"field": "items[0].quantity", "message": "must be greater than or equal to 1"},
				  {"field": "paymentToken",
				   "message": "must be a payment token: tok_ followed by 1 to 64 letters, digits or underscores"}]}
				""");
		assertThat(result).bodyText().doesNotContain("visa-secret-1").doesNotContain("rejected");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			"4111 1111 1111 1111"
			"4111-1111-1111-1111"
			"4111111111111111"
			""")
	void refusesCardDataWithoutEchoingOrLoggingIt(String paymentToken, CapturedOutput output) {
		MvcTestResult result = post("key-1", """
				{"customerId": "alice", "items": [{"sku": "SC-TSHIRT-001", "quantity": 1}], "paymentToken": %s}
				""".formatted(paymentToken));

		assertProblem(result, HttpStatus.BAD_REQUEST, "paymentToken send a payment token, never card data");
		assertThat(result).bodyText().doesNotContain("4111").doesNotContain("1111");
		assertThat(output.getAll()).doesNotContain("4111");
		verifyNoInteractions(catalog);
	}

	@Test
	void refusesACardNumberSentAsAJsonNumberWithoutEchoingOrLoggingIt(CapturedOutput output) {
		MvcTestResult result = post("key-1", """
				{"customerId": "alice", "items": [{"sku": "SC-TSHIRT-001", "quantity": 1}], "paymentToken": 4111111111111111}
				""");

		assertProblem(result, HttpStatus.BAD_REQUEST, "Invalid value for 'paymentToken'");
		assertThat(result).bodyText().doesNotContain("4111");
		assertThat(output.getAll()).doesNotContain("4111");
	}

	@Test
	void requiresAnIdempotencyKey() {
		assertProblem(mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).content(VALID_REQUEST)
			.exchange(), HttpStatus.BAD_REQUEST, "Idempotency-Key");
		verify(orders, never()).place(any());
	}

	@Test
	void refusesABlankOrTooLongIdempotencyKey() {
		given(orders.place(any())).willReturn(PLACED);

		assertProblem(post(" ", VALID_REQUEST), HttpStatus.BAD_REQUEST, "Idempotency-Key must not be blank");
		assertProblem(post("k".repeat(101), VALID_REQUEST), HttpStatus.BAD_REQUEST,
				"Idempotency-Key size must be between 0 and 100");
		assertThat(post("k".repeat(100), VALID_REQUEST)).hasStatus(HttpStatus.ACCEPTED);
	}

	@Test
	void anUnknownSkuIs400() {
		given(catalog.product("SC-NOPE")).willReturn(CompletableFuture.failedFuture(new UnknownSkuException("SC-NOPE")));

		assertProblem(post("key-1", """
				{"customerId": "alice", "items": [{"sku": "SC-TSHIRT-001", "quantity": 1}, {"sku": "SC-NOPE", "quantity": 1}],
				 "paymentToken": "tok_visa"}
				"""), HttpStatus.BAD_REQUEST, "Unknown SKU: SC-NOPE");
		verify(orders, never()).place(any());
	}

	@Test
	void anUnavailableCatalogWithoutARememberedPriceIs503AndPlacesNothing() {
		given(catalog.product("SC-TSHIRT-001")).willReturn(CompletableFuture
			.failedFuture(new CatalogUnavailableException("SC-TSHIRT-001", new IllegalStateException("down"))));

		MvcTestResult result = post("key-1", VALID_REQUEST);

		assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE, "catalog unavailable, try again");
		assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "5");
		verify(orders, never()).place(any());
	}

	@Test
	void showsAnOrder() {
		given(orders.view(ORDER_ID)).willReturn(PLACED);

		assertThat(mvc.get().uri("/api/orders/{id}", ORDER_ID)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					{"id": "0b8c7a52-6a4e-4b8e-9d43-7b9e2f0c1a11", "status": "PLACED", "total": 39.98,
					 "timeline": [{"event": "OrderPlaced", "at": "2026-11-21T10:00:00Z", "detail": null}]}
					""");
	}

	@Test
	void anUnknownOrderIs404InTheWordsOfSomeoneElsesOrder() {
		UUID unknown = UUID.randomUUID();
		given(orders.view(unknown)).willThrow(new OrderNotFoundException(unknown));

		assertProblem(mvc.get().uri("/api/orders/{id}", unknown).exchange(), HttpStatus.NOT_FOUND,
				"Order " + unknown + " not found");
	}

	@Test
	void anOrderIdThatIsNoUuidIs400() {
		assertThat(mvc.get().uri("/api/orders/not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void listsACustomersOrders() {
		given(orders.ofCustomer("alice")).willReturn(List.of(PLACED));

		assertThat(mvc.get().uri("/api/orders?customerId=alice")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].id")
			.asArray()
			.containsExactly(ORDER_ID.toString());
	}

	@Test
	void listsTheCallersOwnOrdersWhenNoCustomerIsNamed() {
		given(orders.ofCustomer("alice")).willReturn(List.of(PLACED));

		assertThat(mvc.get().uri("/api/orders")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].id")
			.asArray()
			.containsExactly(ORDER_ID.toString());
		assertProblem(mvc.get().uri("/api/orders?customerId=").exchange(), HttpStatus.BAD_REQUEST,
				"customerId size must be between 1 and 64");
	}

	@Test
	void anotherCustomersOrdersAreNotFound() {
		assertProblem(mvc.get().uri("/api/orders?customerId=bob").exchange(), HttpStatus.NOT_FOUND,
				"Customer not found");
		verify(orders, never()).ofCustomer(anyString());
	}

	@Test
	void anotherCustomersOrderIsNotFound() {
		OrderView bobs = new OrderView(ORDER_ID, "bob", OrderStatus.PLACED, null, new BigDecimal("39.98"), "USD",
				List.of(), List.of());
		given(orders.view(ORDER_ID)).willReturn(bobs);

		MvcTestResult result = mvc.get().uri("/api/orders/{id}", ORDER_ID).exchange();

		assertProblem(result, HttpStatus.NOT_FOUND, "Order " + ORDER_ID + " not found");
		assertThat(result).bodyText().doesNotContain("bob").doesNotContain("39.98");
	}

	@Test
	@WithMockUser(username = "ops", roles = "ADMIN")
	void anAdminReadsAnyonesOrders() {
		given(orders.ofCustomer("bob")).willReturn(List.of(PLACED));
		given(orders.view(ORDER_ID)).willReturn(PLACED);

		assertThat(mvc.get().uri("/api/orders?customerId=bob")).hasStatusOk();
		assertThat(mvc.get().uri("/api/orders/{id}", ORDER_ID)).hasStatusOk();
	}

	@Test
	void placingForAnotherCustomerIs403AndPlacesNothing() {
		MvcTestResult result = post("key-1", """
				{"customerId": "bob", "items": [{"sku": "SC-TSHIRT-001", "quantity": 1}], "paymentToken": "tok_visa"}
				""");

		assertProblem(result, HttpStatus.FORBIDDEN, "do not allow");
		verifyNoInteractions(catalog);
		verify(orders, never()).place(any());
	}

	@Test
	void theCustomerIsTheCallerWhenTheBodyNamesNone() {
		given(orders.place(any())).willReturn(PLACED);

		assertThat(post("key-1", """
				{"items": [{"sku": "SC-TSHIRT-001", "quantity": 1}], "paymentToken": "tok_visa"}
				""")).hasStatus(HttpStatus.ACCEPTED);

		ArgumentCaptor<PlaceOrder> placed = ArgumentCaptor.forClass(PlaceOrder.class);
		verify(orders).place(placed.capture());
		assertThat(placed.getValue().customerId()).isEqualTo("alice");
	}

	@Test
	@WithMockUser(username = "ops", roles = "ADMIN")
	void anAdminDoesNotPlaceOrders() {
		assertProblem(post("key-1", VALID_REQUEST), HttpStatus.FORBIDDEN, "do not allow");
		verify(orders, never()).place(any());
	}

	private MvcTestResult post(String idempotencyKey, String body) {
		return mvc.post()
			.uri("/api/orders")
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String detail) {
		assertThat(result).hasStatus(status)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains(detail);
		assertThat(result).bodyText().doesNotContain("tok_visa");
	}
}
