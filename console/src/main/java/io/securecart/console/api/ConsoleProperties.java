package io.securecart.console.api;

import java.net.URI;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the console finds what it shows.
 *
 * @param services the base URL of each service's API, by {@link Service#id()}
 * @param zipkinUrl the Zipkin UI that order traces link to
 * @param awsEndpoint the AWS endpoint (moto or LocalStack) for the read-only SQS and Step Functions calls; absent on
 * AWS
 * @param fulfillmentStateMachine the state machine whose executions the operator sees
 * @param signOutUri the issuer's OpenID Connect end-session endpoint, where signing out of the console ends the
 * issuer's session too; absent where the issuer has none (Cognito), and signing out ends the console's session only
 */
@Validated
@ConfigurationProperties("securecart.console")
public record ConsoleProperties(@NotEmpty Map<String, URI> services, @NotNull URI zipkinUrl, URI awsEndpoint,
		@NotNull String fulfillmentStateMachine, URI signOutUri) {

	/** The order's trace: spans are tagged with its id. */
	public String traceUrl(java.util.UUID orderId) {
		return zipkinUrl + "/zipkin/?annotationQuery=orderId%3D" + orderId;
	}

	public URI baseUrl(Service service) {
		URI url = services.get(service.id());
		if (url == null) {
			throw new IllegalStateException("No URL for " + service.displayName() + ": set securecart.console.services."
					+ service.id());
		}
		return url;
	}
}
