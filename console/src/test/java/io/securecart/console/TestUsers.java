package io.securecart.console;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;

/** Signed-in users for MockMvc: what the console's OIDC login makes of a customer's and an admin's tokens. */
public final class TestUsers {

	private TestUsers() {
	}

	public static RequestPostProcessor customer(String name) {
		return oidcLogin().idToken(token -> token.subject(name))
			.authorities(new SimpleGrantedAuthority("ROLE_CUSTOMER"));
	}

	public static RequestPostProcessor admin() {
		return oidcLogin().idToken(token -> token.subject("ops")).authorities(new SimpleGrantedAuthority("ROLE_ADMIN"));
	}
}
