package io.securecart.platform.messaging;

import java.util.regex.Pattern;

/** Shows an operator an event's JSON without the payment token it may carry ({@code OrderPlaced} does). */
public final class PaymentTokens {

	private static final Pattern PAYMENT_TOKEN = Pattern.compile("(\"paymentToken\"\\s*:\\s*\")[^\"]*(\")");

	private PaymentTokens() {
	}

	public static String masked(String json) {
		return PAYMENT_TOKEN.matcher(json).replaceAll("$1***$2");
	}
}
