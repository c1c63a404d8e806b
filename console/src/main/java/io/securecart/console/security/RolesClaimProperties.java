package io.securecart.console.security;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where an access token carries the user's roles: the same property the services read (the platform's
 * {@code ResourceServerProperties}), so the console shows a user what the services will let them do.
 *
 * @param rolesClaim the claim holding the user's roles: {@code roles} from SecureCart's issuer, {@code cognito:groups}
 * from Cognito
 */
@Validated
@ConfigurationProperties("securecart.security")
record RolesClaimProperties(@NotBlank @DefaultValue("roles") String rolesClaim) {
}
