package io.securecart.console.shop;

/**
 * The simulated gateway's demo tokens (payment-service's {@code SimulatedPaymentGateway}). A real shop gets a token
 * from the payment provider's own form in the browser; no card number ever reaches SecureCart.
 */
enum DemoPaymentToken {

	VISA("tok_visa", "Demo Visa (approved)"), MASTERCARD("tok_mastercard", "Demo Mastercard (approved)"),
	DECLINED("tok_declined", "Demo card that is declined"),
	INSUFFICIENT_FUNDS("tok_insufficient_funds", "Demo card without funds"),
	FLAKY("tok_flaky", "Demo card whose gateway fails twice, then approves");

	private final String token;

	private final String label;

	DemoPaymentToken(String token, String label) {
		this.token = token;
		this.label = label;
	}

	public String token() {
		return token;
	}

	public String label() {
		return label;
	}

	static boolean isDemo(String token) {
		for (DemoPaymentToken each : values()) {
			if (each.token.equals(token)) {
				return true;
			}
		}
		return false;
	}
}
