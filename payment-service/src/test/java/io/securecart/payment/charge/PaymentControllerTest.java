package io.securecart.payment.charge;

import io.securecart.payment.security.PaymentSecurityConfiguration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.securecart.contracts.Money;
import org.junit.jupiter.api.Test;

import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.context.annotation.Import;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

@WebMvcTest(PaymentController.class)
@Import(PaymentSecurityConfiguration.class)
@WithMockUser(username = "alice", roles = "CUSTOMER")
class PaymentControllerTest {

	private static final Instant CREATED = Instant.parse("2026-11-21T10:00:00Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PaymentRepository payments;

	@Test
	void listsThePaymentOfAnOrder() {
		UUID orderId = UUID.randomUUID();
		Payment payment = Payment.authorized(orderId, "alice", Money.of("39.98"), "ch_123", CREATED);
		given(payments.findByOrderId(orderId)).willReturn(Optional.of(payment));

		var response = mvc.get().uri("/api/payments?orderId={orderId}", orderId).exchange();

		assertThat(response).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
		assertThat(response).bodyJson().isLenientlyEqualTo("""
				[{"id": "%s", "orderId": "%s", "customerId": "alice", "status": "AUTHORIZED", "amount": 39.98,
				  "currency": "USD", "declineReason": null, "createdAt": "2026-11-21T10:00:00Z",
				  "updatedAt": "2026-11-21T10:00:00Z"}]
				""".formatted(payment.getId(), orderId));
		// The gateway's charge reference is internal: not part of the contract.
		assertThat(response).bodyJson().doesNotHavePath("$[0].gatewayReference");
	}

	@Test
	@WithMockUser(username = "bob", roles = "CUSTOMER")
	void showsWhyAPaymentWasDeclined() {
		UUID orderId = UUID.randomUUID();
		given(payments.findByOrderId(orderId)).willReturn(
				Optional.of(Payment.declined(orderId, "bob", Money.of("12.50"), "insufficient_funds", CREATED)));

		var response = mvc.get().uri("/api/payments?orderId={orderId}", orderId).exchange();

		assertThat(response).bodyJson().extractingPath("$[0].status").isEqualTo("DECLINED");
		assertThat(response).bodyJson().extractingPath("$[0].declineReason").isEqualTo("insufficient_funds");
		assertThat(response).bodyJson().extractingPath("$[0].amount").isEqualTo(12.50);
	}

	@Test
	void anotherCustomersOrderListsNothingAsAnOrderNobodyKnows() {
		UUID bobsOrder = UUID.randomUUID();
		given(payments.findByOrderId(bobsOrder)).willReturn(
				Optional.of(Payment.declined(bobsOrder, "bob", Money.of("12.50"), "insufficient_funds", CREATED)));
		UUID unknownOrder = UUID.randomUUID();
		given(payments.findByOrderId(unknownOrder)).willReturn(Optional.empty());

		// The same answer for both: a 404 for bob's alone would tell alice that his order exists.
		assertThat(mvc.get().uri("/api/payments?orderId={orderId}", bobsOrder)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
		assertThat(mvc.get().uri("/api/payments?orderId={orderId}", unknownOrder)).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@Test
	@WithMockUser(username = "ops", roles = "ADMIN")
	void anAdminSeesAnyonesPayment() {
		UUID orderId = UUID.randomUUID();
		given(payments.findByOrderId(orderId)).willReturn(
				Optional.of(Payment.declined(orderId, "bob", Money.of("12.50"), "insufficient_funds", CREATED)));

		assertThat(mvc.get().uri("/api/payments?orderId={orderId}", orderId)).hasStatusOk()
			.bodyJson()
			.extractingPath("$[0].customerId")
			.isEqualTo("bob");
	}

	@Test
	void listsNothingForAnOrderWithoutPayment() {
		UUID orderId = UUID.randomUUID();
		given(payments.findByOrderId(orderId)).willReturn(Optional.empty());

		assertThat(mvc.get().uri("/api/payments?orderId={orderId}", orderId)).hasStatusOk()
			.bodyJson()
			.isEqualTo("[]");
	}

	@Test
	void answersAMissingOrderIdWithAProblem() {
		var response = mvc.get().uri("/api/payments").exchange();

		assertThat(response).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo(400);
		assertThat(response).bodyJson().extractingPath("$.detail").asString().contains("orderId");
	}

	@Test
	void answersAMalformedOrderIdWithAProblem() {
		var response = mvc.get().uri("/api/payments?orderId=not-a-uuid").exchange();

		assertThat(response).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response).bodyJson().extractingPath("$.detail").asString().contains("orderId");
	}
}
