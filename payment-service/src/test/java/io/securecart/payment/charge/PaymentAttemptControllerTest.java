package io.securecart.payment.charge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.securecart.contracts.Money;
import io.securecart.payment.gateway.Authorization;
import io.securecart.payment.security.PaymentSecurityConfiguration;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The settlement of a charge set aside for reconciliation: what an operator sends, and what cannot be settled. */
@WebMvcTest(PaymentAttemptController.class)
@Import({ PaymentSecurityConfiguration.class, PaymentProblems.class })
class PaymentAttemptControllerTest extends AuditedAdminActions {

	private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

	private final UUID orderId = UUID.randomUUID();

	@MockitoBean
	private Payments payments;

	@Test
	void aChargeTheProviderMadeIsSettledWithItsReference() {
		given(payments.settle(orderId, new Authorization.Approved("ch_at_the_provider")))
			.willReturn(Payment.authorized(orderId, "alice", Money.of("39.98"), "ch_at_the_provider", NOW));

		var response = settle("""
				{"charged": true, "chargeReference": "ch_at_the_provider"}""");

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("AUTHORIZED");
		ArgumentCaptor<Function<PaymentView, String>> detail = ArgumentCaptor.captor();
		verify(audit).record(eq("payment.attempt.settle"), eq("order:" + orderId),
				eq("charged=true chargeReference=ch_at_the_provider"), any(), detail.capture());
		assertThat(detail.getValue().apply(PaymentView.of(Payment.authorized(orderId, "alice", Money.of("39.98"),
				"ch_at_the_provider", NOW)))).isEqualTo("status=AUTHORIZED");
	}

	@Test
	void aChargeTheProviderDoesNotConfirmIsUnprocessable() {
		given(payments.settle(orderId, new Authorization.Approved("ch_made_up")))
			.willThrow(new ChargeNotConfirmedException(orderId, "ch_made_up"));

		assertThat(settle("""
				{"charged": true, "chargeReference": "ch_made_up"}""")).hasStatus(422)
			.bodyJson()
			.extractingPath("$.type")
			.asString()
			.endsWith("charge-not-confirmed");
	}

	@Test
	void anOrderTheProviderNeverChargedIsDeclined() {
		given(payments.settle(orderId, new Authorization.Declined(Settlement.NOT_CHARGED)))
			.willReturn(Payment.declined(orderId, "alice", Money.of("39.98"), Settlement.NOT_CHARGED, NOW));

		var response = settle("""
				{"charged": false}""");

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.declineReason").isEqualTo(Settlement.NOT_CHARGED);
	}

	@Test
	void aChargeNeedsItsReferenceAndNoChargeHasNone() {
		assertThat(settle("""
				{"charged": true}""")).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(settle("""
				{"charged": false, "chargeReference": "ch_1"}""")).hasStatus(400);
		assertThat(settle("{}")).hasStatus(400);
		verifyNoInteractions(payments);
	}

	@Test
	void anAttemptNotSetAsideIsAConflictAndAnUnknownOneNotFound() {
		given(payments.settle(any(), any())).willThrow(
				new NotAwaitingReconciliationException(orderId, PaymentAttempt.Status.PENDING));
		assertThat(settle("""
				{"charged": false}""")).hasStatus(409)
			.bodyJson()
			.extractingPath("$.type")
			.asString()
			.endsWith("not-awaiting-reconciliation");

		willThrow(new PaymentAttemptNotFoundException(orderId)).given(payments).settle(any(), any());
		assertThat(settle("""
				{"charged": false}""")).hasStatus(404);
	}

	@Test
	void listsTheChargesSetAsideWithWhatToLookUpAtTheProvider() {
		PaymentAttempt attempt = new PaymentAttempt(orderId, "alice", Payments.chargeKey(orderId), Money.of("39.98"),
				"{\"paymentToken\":\"tok_visa\"}", NOW.minus(Duration.ofDays(1)));
		assertThat(attempt.setAside("{}", NOW, Duration.ofHours(23))).isTrue();
		given(payments.awaitingReconciliation()).willReturn(List.of(attempt));

		var response = mvc.get().uri("/api/admin/payment-attempts/awaiting-reconciliation").exchange();

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().isEqualTo("""
				[{"orderId": "%s", "customerId": "alice", "idempotencyKey": "%s", "amount": 39.98, "currency": "USD",
				  "attemptedAt": "2026-12-05T09:00:00Z", "setAsideAt": "2026-12-06T09:00:00Z"}]"""
			.formatted(orderId, orderId));
		assertThat(response).bodyText().doesNotContain("tok_visa");
	}

	private MvcTestResult settle(String body) {
		return mvc.post()
			.uri("/api/admin/payment-attempts/{orderId}/settlement", orderId)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}
}
