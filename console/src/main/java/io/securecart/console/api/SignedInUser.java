package io.securecart.console.api;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Who is signed in, for the page header: the name, and whether to show the operations menu. */
public record SignedInUser(String name, boolean admin) {

	static SignedInUser of(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()
				|| "anonymousUser".equals(authentication.getPrincipal())) {
			return null;
		}
		boolean admin = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch("ROLE_ADMIN"::equals);
		return new SignedInUser(authentication.getName(), admin);
	}

	@ControllerAdvice
	static class Model {

		@ModelAttribute("me")
		SignedInUser me() {
			return of(SecurityContextHolder.getContext().getAuthentication());
		}
	}
}
