package io.securecart.platform.security;

import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which tokens a service accepts. The defaults fit SecureCart's own authorization server on the host stack; on AWS
 * they name the Cognito user pool (docs/security.md).
 *
 * @param issuerUri the {@code iss} every token must carry ({@code SECURECART_SECURITY_ISSUER_URI})
 * @param jwkSetUri where the issuer's signing keys are published; read on the first request, not at startup, so a
 * service starts while the issuer is still starting ({@code SECURECART_SECURITY_JWK_SET_URI})
 * @param audience the value the audience claim must contain: a token minted for something else is refused
 * @param audienceClaim the claim holding the audience: {@code aud} (SecureCart's issuer), {@code client_id}
 * (Cognito access tokens)
 * @param rolesClaim the claim holding the caller's roles: {@code roles}, {@code cognito:groups} on Cognito
 */
@Validated
@ConfigurationProperties("securecart.security")
public record ResourceServerProperties(@NotNull @DefaultValue("http://localhost:9000") URI issuerUri,
		@NotNull @DefaultValue("http://localhost:9000/oauth2/jwks") URI jwkSetUri,
		@NotBlank @DefaultValue("securecart") String audience, @NotBlank @DefaultValue("aud") String audienceClaim,
		@NotBlank @DefaultValue("roles") String rolesClaim) {
}
