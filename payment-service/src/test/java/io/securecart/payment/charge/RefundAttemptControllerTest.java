package io.securecart.payment.charge;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.securecart.contracts.Money;
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

/** The settlement of a refund set aside for reconciliation: what an operator sends, and what cannot be settled. */
@WebMvcTest(RefundAttemptController.class)
@Import({ PaymentSecurityConfiguration.class, PaymentProblems.class })
class RefundAttemptControllerTest extends AuditedAdminActions {

	private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

	private final Payment payment = Payment.authorized(UUID.randomUUID(), "alice", Money.of("39.98"), "ch_the_charge",
			NOW.minusSeconds(3600));

	private final UUID orderId = payment.getOrderId();

	@MockitoBean
	private Refunds refunds;

	@Test
	void aRefundTheProviderMadeIsSettledWithItsReference() {
		RefundAttempt refunded = setAside();
		refunded.refunded(NOW);
		given(refunds.settleRefund(orderId, new RefundSettlement(true, "re_at_the_provider", null)))
			.willReturn(refunded);

		var response = settle("""
				{"refunded": true, "refundReference": "re_at_the_provider"}""");

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("REFUNDED");
		assertThat(response).bodyJson().extractingPath("$.paymentId").isEqualTo(payment.getId().toString());
		ArgumentCaptor<Function<RefundAttemptController.SettledRefund, String>> detail = ArgumentCaptor.captor();
		verify(audit).record(eq("payment.refund.settle"), eq("order:" + orderId),
				eq("refunded=true refundReference=re_at_the_provider underAnotherKey=false"), any(), detail.capture());
		assertThat(detail.getValue().apply(RefundAttemptController.SettledRefund.of(refunded)))
			.isEqualTo("status=REFUNDED");
	}

	@Test
	void aRefundMadeByHandAtTheProviderIsSettledUnderAnotherKeyAndSaidSo() {
		RefundAttempt refunded = setAside();
		refunded.refunded(NOW);
		given(refunds.settleRefund(orderId, new RefundSettlement(true, "re_by_hand", true))).willReturn(refunded);

		var response = settle("""
				{"refunded": true, "refundReference": "re_by_hand", "underAnotherKey": true}""");

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("REFUNDED");
		verify(audit).record(eq("payment.refund.settle"), eq("order:" + orderId),
				eq("refunded=true refundReference=re_by_hand underAnotherKey=true"), any(), any());
	}

	@Test
	void whatThePersonSaidIsOnRecordWhenTheProviderDoesNotConfirmIt() {
		given(refunds.settleRefund(orderId, new RefundSettlement(true, "re_of_another_order", true)))
			.willThrow(new RefundNotConfirmedException(orderId, "re_of_another_order", true));

		assertThat(settle("""
				{"refunded": true, "refundReference": "re_of_another_order", "underAnotherKey": true}"""))
			.hasStatus(422);

		verify(audit).record(eq("payment.refund.settle"), eq("order:" + orderId),
				eq("refunded=true refundReference=re_of_another_order underAnotherKey=true"), any(), any());
	}

	@Test
	void anotherKeyNamesARefundOnly() {
		assertThat(settle("""
				{"refunded": false, "underAnotherKey": true}""")).hasStatus(400)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(refunds);
	}

	@Test
	void aRetryAsksForTheRefundAgainUnderANewKeyAndIsAuditedWithIt() {
		RefundAttempt retried = setAside();
		retried.retry(retry -> Refunds.refundKey(orderId, retry));
		retried.refunded(NOW);
		given(refunds.retryRefund(orderId)).willReturn(retried);

		var response = mvc.post().uri("/api/admin/refund-attempts/{orderId}/retry", orderId).exchange();

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("REFUNDED");
		assertThat(response).bodyJson().extractingPath("$.idempotencyKey").isEqualTo("refund:" + orderId + ":1");
		assertThat(response).bodyJson().extractingPath("$.retries").isEqualTo(1);
		ArgumentCaptor<Function<RefundAttemptController.RetriedRefund, String>> detail = ArgumentCaptor.captor();
		verify(audit).record(eq("payment.refund.retry"), eq("order:" + orderId), any(), detail.capture());
		assertThat(detail.getValue().apply(RefundAttemptController.RetriedRefund.of(retried)))
			.contains("status=REFUNDED", "idempotencyKey=refund:" + orderId + ":1");
	}

	@Test
	void aRetryTheProviderRefusesAgainShowsTheRefusal() {
		RefundAttempt refusedAgain = setAside();
		refusedAgain.retry(retry -> Refunds.refundKey(orderId, retry));
		refusedAgain.setAside("Charge ch_the_charge cannot give back 39.98 USD more", NOW);
		given(refunds.retryRefund(orderId)).willReturn(refusedAgain);

		var response = mvc.post().uri("/api/admin/refund-attempts/{orderId}/retry", orderId).exchange();

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("NEEDS_RECONCILIATION");
		assertThat(response).bodyJson().extractingPath("$.refusal").asString().contains("cannot give back");
	}

	@Test
	void aRetryOfARefundNotSetAsideIsAConflictAndOfAnUnknownOneNotFound() {
		given(refunds.retryRefund(orderId))
			.willThrow(new RefundNotAwaitingReconciliationException(orderId, RefundAttempt.Status.PENDING));
		assertThat(mvc.post().uri("/api/admin/refund-attempts/{orderId}/retry", orderId)).hasStatus(409)
			.bodyJson()
			.extractingPath("$.type")
			.asString()
			.endsWith("refund-not-awaiting-reconciliation");

		UUID unknown = UUID.randomUUID();
		given(refunds.retryRefund(unknown)).willThrow(new RefundAttemptNotFoundException(unknown));
		assertThat(mvc.post().uri("/api/admin/refund-attempts/{orderId}/retry", unknown)).hasStatus(404);
	}

	@Test
	void aRefundTheProviderDoesNotConfirmIsUnprocessable() {
		given(refunds.settleRefund(orderId, new RefundSettlement(true, "re_made_up", null)))
			.willThrow(new RefundNotConfirmedException(orderId, "re_made_up", false));

		assertThat(settle("""
				{"refunded": true, "refundReference": "re_made_up"}""")).hasStatus(422)
			.bodyJson()
			.extractingPath("$.type")
			.asString()
			.endsWith("refund-not-confirmed");
	}

	@Test
	void aRefundTheProviderNeverMadeIsClosedAsNotRefunded() {
		RefundAttempt closed = setAside();
		closed.notRefunded(NOW);
		given(refunds.settleRefund(orderId, new RefundSettlement(false, null, null))).willReturn(closed);

		var response = settle("""
				{"refunded": false}""");

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().extractingPath("$.status").isEqualTo("NOT_REFUNDED");
	}

	@Test
	void aRefundNeedsItsReferenceAndNoRefundHasNone() {
		assertThat(settle("""
				{"refunded": true}""")).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(settle("""
				{"refunded": false, "refundReference": "re_1"}""")).hasStatus(400);
		assertThat(settle("""
				{"refunded": true, "refundReference": "re 1"}""")).hasStatus(400);
		assertThat(settle("{}")).hasStatus(400);
		verifyNoInteractions(refunds);
	}

	@Test
	void aRefundNotSetAsideIsAConflictAndAnUnknownOneNotFound() {
		given(refunds.settleRefund(any(), any()))
			.willThrow(new RefundNotAwaitingReconciliationException(orderId, RefundAttempt.Status.PENDING));
		assertThat(settle("""
				{"refunded": false}""")).hasStatus(409)
			.bodyJson()
			.extractingPath("$.type")
			.asString()
			.endsWith("refund-not-awaiting-reconciliation");

		willThrow(new RefundAttemptNotFoundException(orderId)).given(refunds).settleRefund(any(), any());
		assertThat(settle("""
				{"refunded": false}""")).hasStatus(404);
	}

	@Test
	void listsTheRefundsSetAsideWithWhatToLookUpAtTheProvider() {
		given(refunds.refundsAwaitingReconciliation()).willReturn(List.of(setAside()));

		var response = mvc.get().uri("/api/admin/refund-attempts/awaiting-reconciliation").exchange();

		assertThat(response).hasStatusOk();
		assertThat(response).bodyJson().isEqualTo("""
				[{"orderId": "%s", "customerId": "alice", "paymentId": "%s", "idempotencyKey": "refund:%s",
				  "chargeReference": "ch_the_charge", "amount": 39.98, "currency": "USD",
				  "reason": "out of stock: SC-MUG-002", "refusal": "No charge ch_the_charge to refund",
				  "writtenAt": "2026-12-06T08:30:00Z", "setAsideAt": "2026-12-06T09:00:00Z", "retries": 0}]"""
			.formatted(orderId, payment.getId(), orderId));
	}

	private RefundAttempt setAside() {
		RefundAttempt attempt = new RefundAttempt(payment, Refunds.refundKey(orderId), "out of stock: SC-MUG-002",
				"StockRejected", "{}", NOW.minusSeconds(1800));
		assertThat(attempt.setAside("No charge ch_the_charge to refund", NOW)).isTrue();
		return attempt;
	}

	private MvcTestResult settle(String body) {
		return mvc.post()
			.uri("/api/admin/refund-attempts/{orderId}/settlement", orderId)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}
}
