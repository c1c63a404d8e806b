package io.securecart.auth;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may sign in, and what goes into their tokens.
 *
 * @param audience the {@code aud} of every access token: what the services accept
 * @param users the demo users, with BCrypt hashes of their passwords (the passwords are demo credentials, written in
 * the README; the server never sees them in clear except while checking a login)
 */
@Validated
@ConfigurationProperties("securecart.auth")
record DemoUsersProperties(@NotBlank String audience, @NotEmpty List<@Valid User> users) {

	/**
	 * @param username the token's subject
	 * @param passwordHash {@code {bcrypt}$2a$...}
	 * @param roles {@code CUSTOMER}, {@code ADMIN}
	 */
	record User(@NotBlank String username, @NotBlank String passwordHash, @NotEmpty List<String> roles) {

		/** Never the hash, in case a user is ever logged. */
		@Override
		public String toString() {
			return "User[username=%s, roles=%s]".formatted(username, roles);
		}
	}
}
