package io.securecart.console.ops.fraud;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.securecart.console.TestUsers;
import io.securecart.console.api.ApiProblemException;
import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;
import io.securecart.console.security.ConsoleSecurityConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(FraudReviewController.class)
@Import(ConsoleSecurityConfiguration.class)
class FraudReviewControllerTest {

	private static final UUID ORDER = UUID.fromString("7b0c1a52-2b4f-4b51-9e2a-3c2f7f0e2d11");

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ServiceApi api;

	@Test
	void listsWhatWaitsWithAnApproveAndARejectButtonEach() throws Exception {
		given(api.get(eq(Service.PAYMENT), any(), any(ParameterizedTypeReference.class), eq("/api/admin/fraud-reviews"),
				any(Object[].class)))
			.willReturn(List.of(review("UNDER_REVIEW")));

		String page = mvc.perform(get("/ops/fraud-reviews").with(TestUsers.admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("aria-label=\"Approve order " + ORDER + "\"", "aria-label=\"Reject order " + ORDER + "\"",
				"7497.00 USD", "three high-value orders in an hour");
	}

	@Test
	void approvingAsksPaymentWhichRecordsTheReviewer() throws Exception {
		given(api.send(eq(Service.PAYMENT), any(), eq(HttpMethod.POST), any(), any(), eq(FraudReview.class),
				eq("/api/admin/fraud-reviews/{id}/approve"), any(Object[].class)))
			.willReturn(review("APPROVED"));

		mvc.perform(post("/ops/fraud-reviews/" + ORDER + "/approve").with(TestUsers.admin()).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(flash().attribute("notice", "Order " + ORDER + ": APPROVED."));
	}

	@Test
	void aReviewAlreadyDecidedIsPaymentsConflictShownReadably() throws Exception {
		given(api.send(eq(Service.PAYMENT), any(), eq(HttpMethod.POST), any(), any(), eq(FraudReview.class),
				eq("/api/admin/fraud-reviews/{id}/reject"), any(Object[].class)))
			.willThrow(new ApiProblemException(Service.PAYMENT, 409, "Review already decided",
					"Order " + ORDER + " is not under review"));

		String page = mvc.perform(post("/ops/fraud-reviews/" + ORDER + "/reject").with(TestUsers.admin()).with(csrf()))
			.andExpect(status().isConflict())
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("Review already decided", "is not under review", "payment-service");
	}

	private static FraudReview review(String status) {
		return new FraudReview(ORDER, "bob", new BigDecimal("7497.00"), "USD", Instant.parse("2026-11-30T12:00:00Z"),
				80, List.of("three high-value orders in an hour"), status, Instant.parse("2026-11-30T12:30:00Z"), null,
				null);
	}
}
