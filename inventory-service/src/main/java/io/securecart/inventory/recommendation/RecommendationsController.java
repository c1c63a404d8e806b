package io.securecart.inventory.recommendation;

import java.util.List;

import io.securecart.inventory.recommendation.AlsoBought.Recommendation;
import io.securecart.platform.security.Caller;
import io.securecart.platform.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Customers who viewed or bought this also bought", from the read model the activity stream and shipped orders
 * build. Counts of distinct customers only, other than the caller, each at least {@code min-customers} and shown as
 * the lower bound of a band: no answer tells what one customer did.
 */
@RestController
class RecommendationsController {

	private final AlsoBought alsoBought;

	private final RecommendationProperties properties;

	RecommendationsController(AlsoBought alsoBought, RecommendationProperties properties) {
		this.alsoBought = alsoBought;
		this.properties = properties;
	}

	@GetMapping("/api/catalog/products/{sku}/recommendations")
	@Operation(summary = "Customers who viewed or bought this also bought",
			description = "Most customers first; eventually consistent with the activity stream (its consumer's lag: "
					+ "securecart.activity.consumer.lag).")
	@ApiResponse(responseCode = "200", description = "The recommendations, possibly none")
	@ApiResponse(responseCode = "404", description = "No such product",
			content = @Content(mediaType = "application/problem+json"))
	Recommendations recommendations(@PathVariable @Size(max = 64) String sku, Authentication authentication) {
		Caller caller = Caller.of(authentication);
		// A customer's own activity never counts toward what they are shown (AlsoBought#of).
		String customer = caller.roles().contains(Roles.CUSTOMER) ? caller.subject() : null;
		return new Recommendations(sku, alsoBought.of(sku, customer, properties.minCustomers(), properties.limit())
			.orElseThrow(() -> new UnknownProductException(sku)));
	}

	record Recommendations(String sku, List<Recommendation> alsoBought) {
	}
}
