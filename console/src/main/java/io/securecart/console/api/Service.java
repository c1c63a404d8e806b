package io.securecart.console.api;

/** The services whose public APIs the console calls, by the name the console's configuration and URLs use. */
public enum Service {

	CHECKOUT, INVENTORY, PAYMENT, FULFILLMENT, NOTIFICATION;

	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	public String displayName() {
		return id() + "-service";
	}
}
