package io.securecart.platform.security;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * Who is calling, as the verified token says: its subject (a customer's username, or a service's client id) and its
 * roles. Controllers take the request's {@link Authentication} and ask this what the caller may see; the customer
 * of anything is the token's subject, never a field of the request.
 *
 * @param subject the token's {@code sub}
 * @param roles without the {@code ROLE_} prefix
 */
public record Caller(String subject, Set<String> roles) {

	public static Caller of(Authentication authentication) {
		Set<String> roles = AuthorityUtils.authorityListToSet(authentication.getAuthorities())
			.stream()
			.filter(authority -> authority.startsWith("ROLE_"))
			.map(authority -> authority.substring("ROLE_".length()))
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
		return new Caller(authentication.getName(), roles);
	}

	public boolean isAdmin() {
		return roles.contains(Roles.ADMIN);
	}

	/** Whether the caller may read what belongs to {@code customerId}: their own, or anything for an admin. */
	public boolean mayRead(String customerId) {
		return isAdmin() || (roles.contains(Roles.CUSTOMER) && subject.equals(customerId));
	}

	/**
	 * The customer whose data a read asks for: the one it names, or the caller when it names none.
	 * @throws NotVisibleException when a customer names someone else: to them, another customer's data does not
	 * exist
	 */
	public String readableCustomer(String requested, String what) {
		String customer = requested == null ? subject : requested;
		if (!mayRead(customer)) {
			throw new NotVisibleException(what);
		}
		return customer;
	}

	/**
	 * {@code resource}, when the caller may read what belongs to {@code ownerId}.
	 * @throws NotVisibleException otherwise
	 */
	public <T> T readable(String ownerId, T resource, String what) {
		if (!mayRead(ownerId)) {
			throw new NotVisibleException(what);
		}
		return resource;
	}

	/**
	 * The customer a request is about: the one it names, or the caller when it names none.
	 * @throws org.springframework.security.access.AccessDeniedException when a customer names someone else (an admin
	 * may name anyone)
	 */
	public String customerFor(String requested) {
		if (requested == null || requested.equals(subject)) {
			return subject;
		}
		if (isAdmin()) {
			return requested;
		}
		throw new org.springframework.security.access.AccessDeniedException(
				"A customer acts only as themselves, the subject of their token");
	}
}
