package io.securecart.platform.messaging;

import java.util.regex.Pattern;

/**
 * Shows an operator a message's JSON without the tokens it may carry: an {@code OrderPlaced}'s payment token, which
 * authorises a charge, and a fulfillment task's Step Functions task token, with which anyone holding AWS credentials
 * could answer the workflow's step in the service's place.
 */
public final class MessageTokens {

	private static final Pattern TOKEN = Pattern.compile("(\"(?:paymentToken|taskToken)\"\\s*:\\s*\")[^\"]*(\")");

	private MessageTokens() {
	}

	public static String masked(String json) {
		return TOKEN.matcher(json).replaceAll("$1***$2");
	}
}
