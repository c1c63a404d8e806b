package io.securecart.payment.fraud;

import org.junit.jupiter.api.BeforeEach;
import io.securecart.platform.audit.AuditTrail;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.contracts.Money;
import io.securecart.contracts.OrderLine;
import io.securecart.contracts.events.OrderPlaced;
import io.securecart.payment.security.PaymentSecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;

/** The review API's contract: what a reviewer sees, who the reviewer is, and problems for what cannot be done. */
@WebMvcTest(FraudReviewController.class)
@Import({ PaymentSecurityConfiguration.class, FraudProblems.class })
@WithMockUser(username = "ops", roles = "ADMIN")
class FraudReviewControllerTest {

	private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private FraudScreenings screening;

	/** Runs the action, as the real trail does; AuditTrailIT and the service's ITs check what it records. */
	@MockitoBean
	AuditTrail audit;

	@BeforeEach
	void auditRunsTheAction() {
		given(audit.record(any(), any(), any(), any())).willAnswer(call -> call.<Supplier<?>>getArgument(2).get());
	}

	private final OrderPlaced order = new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), "alice",
			List.of(new OrderLine("SC-WORKSTATION-007", 3, Money.of("2499.00"))), Money.of("7497.00"), "tok_visa", NOW);

	@Test
	void listsPendingReviewsWithTheirReasonsAndDeadline() {
		given(screening.pendingReviews()).willReturn(List.of(underReview()));

		assertThat(mvc.get().uri("/api/admin/fraud-reviews")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("""
					[{"orderId": "%s", "customerId": "alice", "total": 7497.00, "currency": "USD", "score": 75,
					  "reasons": ["big", "first"], "status": "UNDER_REVIEW", "decideBy": "2026-11-30T09:30:00Z",
					  "decidedBy": null}]
					""".formatted(order.orderId()));
	}

	@Test
	void theReviewerIsTheCallerNeverANameInTheRequest() {
		FraudScreening approved = underReview();
		approved.approve("reviewer:ops", NOW.plusSeconds(60));
		given(screening.approve(any(), any())).willReturn(approved);

		assertThat(mvc.post().uri("/api/admin/fraud-reviews/{id}/approve?reviewer=mallory", order.orderId()))
			.hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("APPROVED");
		verify(screening).approve(order.orderId(), "reviewer:ops");
	}

	@Test
	void decidingAReviewTwiceIsAConflictProblem() {
		given(screening.reject(order.orderId(), "reviewer:ops"))
			.willThrow(new ReviewAlreadyDecidedException(order.orderId()));

		assertThat(mvc.post().uri("/api/admin/fraud-reviews/{id}/reject", order.orderId()))
			.hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("not under review");
	}

	@Test
	void anOrderNeverScreenedIsANotFoundProblemAndAMalformedIdABadRequest() {
		UUID unknown = UUID.randomUUID();
		given(screening.screening(unknown)).willThrow(new ScreeningNotFoundException(unknown));

		assertThat(mvc.get().uri("/api/admin/fraud-reviews/{id}", unknown)).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(mvc.get().uri("/api/admin/fraud-reviews/not-a-uuid")).hasStatus(HttpStatus.BAD_REQUEST);
	}

	private FraudScreening underReview() {
		return FraudScreening.of(order, new FraudRules.Assessment(FraudRules.Outcome.REVIEW, 75, List.of("big", "first")),
				NOW, Duration.ofMinutes(30));
	}
}
