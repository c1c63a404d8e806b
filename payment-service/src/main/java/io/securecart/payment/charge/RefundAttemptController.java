package io.securecart.payment.charge;

import java.util.List;
import java.util.UUID;

import io.securecart.platform.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lists and settles the refunds set aside for reconciliation (ADR 45), as {@link PaymentAttemptController} does the
 * charges: the provider refused a refund for good, so no call asks again, and a person finds out at the provider what
 * became of the money, and settles it, or asks for it again under a new key. Under {@code /api/admin/}: for
 * administrators only; a settlement and a retry are audited.
 */
@RestController
@RequestMapping("/api/admin/refund-attempts")
class RefundAttemptController {

	private final Refunds refunds;

	private final AuditTrail audit;

	RefundAttemptController(Refunds refunds, AuditTrail audit) {
		this.refunds = refunds;
		this.audit = audit;
	}

	@GetMapping("/awaiting-reconciliation")
	@Operation(summary = "The refunds set aside for reconciliation, the longest waiting first: what to look up at the "
			+ "provider (the charge, the refund's key, the amount, the provider's refusal) and settle")
	List<RefundAwaitingReconciliation> awaitingReconciliation() {
		return refunds.refundsAwaitingReconciliation().stream().map(RefundAwaitingReconciliation::of).toList();
	}

	@PostMapping("/{orderId}/settlement")
	@Operation(summary = "Records what the provider says became of a refund set aside for reconciliation: a refund "
			+ "(the payment is refunded, and PaymentRefunded published) or none, nor ever (the refund is closed)")
	@ApiResponse(responseCode = "404", description = "No refund of this order was written down")
	@ApiResponse(responseCode = "409", description = "The order's refund is not set aside for reconciliation")
	@ApiResponse(responseCode = "422", description = "The provider does not confirm the refund named")
	SettledRefund settle(@PathVariable UUID orderId, @Valid @RequestBody RefundSettlement settlement) {
		// What the person said, not only the outcome: "not refunded" is their word alone.
		return audit.record("payment.refund.settle", "order:" + orderId,
				"refunded=%s refundReference=%s underAnotherKey=%s".formatted(settlement.refunded(),
						settlement.refundReference(), settlement.madeUnderAnotherKey()),
				() -> SettledRefund.of(refunds.settleRefund(orderId, settlement)),
				settled -> "status=" + settled.status());
	}

	@PostMapping("/{orderId}/retry")
	@Operation(summary = "Asks the provider again, under a new idempotency key, for a refund set aside for "
			+ "reconciliation: refunded now (PaymentRefunded published), set aside again when refused again, or left "
			+ "pending for the sweep while the gateway cannot answer")
	@ApiResponse(responseCode = "404", description = "No refund of this order was written down")
	@ApiResponse(responseCode = "409", description = "The order's refund is not set aside for reconciliation")
	RetriedRefund retry(@PathVariable UUID orderId) {
		return audit.record("payment.refund.retry", "order:" + orderId,
				() -> RetriedRefund.of(refunds.retryRefund(orderId)),
				retried -> "status=%s idempotencyKey=%s".formatted(retried.status(), retried.idempotencyKey()));
	}

	/** The refund as a retry left it: the key it was asked with, and the provider's refusal if it refused again. */
	record RetriedRefund(UUID orderId, UUID paymentId, RefundAttempt.Status status, String idempotencyKey,
			int retries, String refusal) {

		static RetriedRefund of(RefundAttempt attempt) {
			return new RetriedRefund(attempt.getOrderId(), attempt.getPaymentId(), attempt.getStatus(),
					attempt.getIdempotencyKey(), attempt.getRetries(),
					attempt.awaitsReconciliation() ? attempt.refusal().orElse(null) : null);
		}
	}

	/** The refund as the settlement left it. */
	record SettledRefund(UUID orderId, UUID paymentId, RefundAttempt.Status status) {

		static SettledRefund of(RefundAttempt attempt) {
			return new SettledRefund(attempt.getOrderId(), attempt.getPaymentId(), attempt.getStatus());
		}
	}
}
