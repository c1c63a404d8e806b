package io.securecart.cdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On AWS the issuer is Cognito, and every service trusts it alone. The demo issuer (auth-server) holds users and
 * clients whose passwords and secrets are published in the README; deployed behind the internet-facing load balancer,
 * with the database's master credential, it would be an open admin sign-in that nothing needs.
 */
class NoDemoIssuerOnAwsTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void theDemoIssuerIsNotDeployed() {
		assertThat(app.ofType("AWS::ECS::TaskDefinition").values())
			.extracting(task -> SynthesizedSecureCart.properties(task).get("Family"))
			.contains("securecart-checkout-service", "securecart-console")
			.doesNotContain("securecart-auth-server");
		assertThat(app.ofType("AWS::ElasticLoadBalancingV2::Listener").values())
			.extracting(listener -> SynthesizedSecureCart.properties(listener).get("Port"))
			.contains(8080, 8085)
			.doesNotContain(9000);
	}

	@Test
	void everyServiceTrustsCognito() {
		assertThat(app.environmentOf("console")).containsKeys("SECURECART_SECURITY_ISSUER_URI",
				"SECURECART_SECURITY_JWK_SET_URI");
		assertThat(app.environmentOf("checkout-service")).containsEntry("SECURECART_SECURITY_ROLES_CLAIM",
				"cognito:groups");
	}
}
