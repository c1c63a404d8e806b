package io.securecart.console.ops.fraud;

import java.util.List;
import java.util.UUID;

import io.securecart.console.api.Service;
import io.securecart.console.api.ServiceApi;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admins: the fraud review queue. Approving or rejecting goes through payment's API, which records the reviewer (the
 * token's subject) and audits the decision.
 */
@Controller
class FraudReviewController {

	private static final ParameterizedTypeReference<List<FraudReview>> REVIEWS = new ParameterizedTypeReference<>() {
	};

	private final ServiceApi api;

	FraudReviewController(ServiceApi api) {
		this.api = api;
	}

	@GetMapping("/ops/fraud-reviews")
	String pending(Authentication admin, Model model) {
		model.addAttribute("reviews", api.get(Service.PAYMENT, admin, REVIEWS, "/api/admin/fraud-reviews"));
		return "ops/fraud-reviews";
	}

	@PostMapping("/ops/fraud-reviews/{orderId}/approve")
	String approve(@PathVariable UUID orderId, Authentication admin, RedirectAttributes redirect) {
		return decide(orderId, "approve", admin, redirect);
	}

	@PostMapping("/ops/fraud-reviews/{orderId}/reject")
	String reject(@PathVariable UUID orderId, Authentication admin, RedirectAttributes redirect) {
		return decide(orderId, "reject", admin, redirect);
	}

	private String decide(UUID orderId, String decision, Authentication admin, RedirectAttributes redirect) {
		FraudReview review = api.send(Service.PAYMENT, admin, HttpMethod.POST, null, HttpHeaders.EMPTY,
				FraudReview.class, "/api/admin/fraud-reviews/{id}/" + decision, orderId);
		redirect.addFlashAttribute("notice", "Order " + orderId + ": " + review.status() + ".");
		return "redirect:/ops/fraud-reviews";
	}
}
