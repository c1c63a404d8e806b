package io.securecart.console.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** The console finds a user's roles where the services do: {@code securecart.security.roles-claim}. */
class RolesClaimTest {

	private final Jwt cognitoToken = Jwt.withTokenValue("token")
		.header("alg", "RS256")
		.subject("ops")
		.claim("cognito:groups", List.of("ADMIN"))
		.issuedAt(Instant.parse("2026-12-06T12:00:00Z"))
		.expiresAt(Instant.parse("2026-12-06T12:15:00Z"))
		.build();

	@Test
	void onAwsAnAdminsRolesComeFromTheClaimCdkNames() {
		RolesClaimProperties roles = bind(Map.of("securecart.security.roles-claim", "cognito:groups"));

		assertThat(ConsoleSecurityConfiguration.authoritiesOf(cognitoToken, roles.rolesClaim()))
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_ADMIN");
	}

	@Test
	void theIssuersOwnClaimIsRolesByDefault() {
		RolesClaimProperties roles = bind(Map.of());

		assertThat(roles.rolesClaim()).isEqualTo("roles");
		assertThat(ConsoleSecurityConfiguration.authoritiesOf(cognitoToken, roles.rolesClaim())).isEmpty();
	}

	private static RolesClaimProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("securecart.security", RolesClaimProperties.class);
	}
}
