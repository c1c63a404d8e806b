package io.securecart.payment.fraud;

import io.securecart.platform.audit.AuditTrail;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manual review of high-value orders: list what waits, approve or reject one. Under {@code /api/admin/}: for
 * administrators only. The reviewer is the authenticated caller (the token's subject), never a name sent in the
 * request.
 */
@RestController
@RequestMapping("/api/admin/fraud-reviews")
class FraudReviewController {


	private final FraudScreenings screening;

	private final AuditTrail audit;

	FraudReviewController(FraudScreenings screening, AuditTrail audit) {
		this.screening = screening;
		this.audit = audit;
	}

	@GetMapping
	@Operation(summary = "Reviews waiting for a decision, the most urgent first")
	List<FraudReviewView> pending() {
		return screening.pendingReviews().stream().map(FraudReviewView::of).toList();
	}

	@GetMapping("/{orderId}")
	@Operation(summary = "The screening of one order, decided or not")
	@ApiResponse(responseCode = "404", description = "No high-value order with this id was screened")
	FraudReviewView one(@PathVariable UUID orderId) {
		return FraudReviewView.of(screening.screening(orderId));
	}

	@PostMapping("/{orderId}/approve")
	@Operation(summary = "Clears the order: payment charges it")
	@ApiResponse(responseCode = "409", description = "The order is not under review (any more)")
	FraudReviewView approve(@PathVariable UUID orderId, Principal reviewer) {
		return audit.record("fraud-review.approve", "order:" + orderId,
				() -> FraudReviewView.of(screening.approve(orderId, reviewerName(reviewer))),
				view -> "status=" + view.status());
	}

	@PostMapping("/{orderId}/reject")
	@Operation(summary = "Rejects the order: nothing is charged, the order is cancelled and the customer told")
	@ApiResponse(responseCode = "409", description = "The order is not under review (any more)")
	FraudReviewView reject(@PathVariable UUID orderId, Principal reviewer) {
		return audit.record("fraud-review.reject", "order:" + orderId,
				() -> FraudReviewView.of(screening.reject(orderId, reviewerName(reviewer))),
				view -> "status=" + view.status());
	}

	private static String reviewerName(Principal reviewer) {
		return "reviewer:" + reviewer.getName();
	}
}
