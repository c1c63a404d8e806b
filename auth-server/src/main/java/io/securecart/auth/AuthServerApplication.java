package io.securecart.auth;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The OAuth2 authorization server of the local and compose stacks: it signs the access tokens that every SecureCart
 * service validates through its JWKS. Demo users sign in with the authorization code flow and PKCE
 * ({@code ./securecart token alice}); services identify themselves with client credentials.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AuthServerApplication.class, args);
	}
}
