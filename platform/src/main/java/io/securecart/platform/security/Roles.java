package io.securecart.platform.security;

/** The roles a SecureCart token may carry (its {@code roles} claim), as Spring Security role names. */
public final class Roles {

	/** A shopper: places orders and reads their own. */
	public static final String CUSTOMER = "CUSTOMER";

	/** The back office: every {@code /api/admin/**} endpoint, the actuator, everyone's data. */
	public static final String ADMIN = "ADMIN";

	/** Another SecureCart service, with its own client credentials; its subject is its client id. */
	public static final String SERVICE = "SERVICE";

	/**
	 * A metrics scraper (Prometheus, with the client credentials of the {@code prometheus} client and the scope
	 * {@code metrics.read}): {@code /actuator/prometheus} and nothing else.
	 */
	public static final String METRICS = "METRICS";

	private Roles() {
	}
}
