package io.securecart.e2e;

/**
 * The processes of the system, by the module that builds each and the environment variable that sets its port: the
 * authorization server first (the services start without it, and verify tokens once it is up), then the five
 * services, then the web console.
 */
enum Service {

	AUTH("auth-server", "AUTH_PORT"),
	INVENTORY("inventory-service", "INVENTORY_PORT"),
	CHECKOUT("checkout-service", "CHECKOUT_PORT"),
	PAYMENT("payment-service", "PAYMENT_PORT"),
	FULFILLMENT("fulfillment-service", "FULFILLMENT_PORT"),
	NOTIFICATION("notification-service", "NOTIFICATION_PORT"),
	/** The web console: a client of the five services' APIs, signed in through the authorization server. */
	CONSOLE("console", "CONSOLE_PORT");

	private final String module;

	private final String portVariable;

	Service(String module, String portVariable) {
		this.module = module;
		this.portVariable = portVariable;
	}

	String module() {
		return module;
	}

	String portVariable() {
		return portVariable;
	}
}
