package io.securecart.cdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer limits sign-ins and token requests per client address (docs/security.md, "Rate limits"). Behind the
 * Application Load Balancer every request comes from one of the balancer's addresses, so without forwarded headers all
 * the world would share one bucket, and one client could exhaust it for everyone.
 */
class ClientAddressBehindTheLoadBalancerTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void theIssuerTakesTheClientAddressTheLoadBalancerForwards() {
		assertThat(app.environmentOf("auth-server")).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native");
	}
}
