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
 * Lists and settles the charges set aside for reconciliation (ADR 42): an attempt stayed pending longer than the
 * provider keeps its key, so no call may ask again, and a person looks the key up at the provider. Under
 * {@code /api/admin/}: for administrators only; a settlement is audited.
 */
@RestController
@RequestMapping("/api/admin/payment-attempts")
class PaymentAttemptController {

	private final Payments payments;

	private final AuditTrail audit;

	PaymentAttemptController(Payments payments, AuditTrail audit) {
		this.payments = payments;
		this.audit = audit;
	}

	@GetMapping("/awaiting-reconciliation")
	@Operation(summary = "The charges set aside for reconciliation, the longest waiting first: what to look up at the "
			+ "provider (the idempotency key, the amount) and settle")
	List<AttemptAwaitingReconciliation> awaitingReconciliation() {
		return payments.awaitingReconciliation().stream().map(AttemptAwaitingReconciliation::of).toList();
	}

	@PostMapping("/{orderId}/settlement")
	@Operation(summary = "Records what the provider says became of a charge set aside for reconciliation: a charge "
			+ "(the order is paid, and can be refunded) or none (it is declined, and checkout cancels it)")
	@ApiResponse(responseCode = "404", description = "No charge of this order was attempted")
	@ApiResponse(responseCode = "409", description = "The order's charge is not set aside for reconciliation")
	@ApiResponse(responseCode = "422", description = "The provider does not confirm the charge named")
	PaymentView settle(@PathVariable UUID orderId, @Valid @RequestBody Settlement settlement) {
		// What the person said, not only the outcome: the reference is what a refund of the order will name.
		return audit.record("payment.attempt.settle", "order:" + orderId,
				"charged=%s chargeReference=%s".formatted(settlement.charged(), settlement.chargeReference()),
				() -> PaymentView.of(payments.settle(orderId, settlement.asAnswer())),
				view -> "status=" + view.status());
	}
}
