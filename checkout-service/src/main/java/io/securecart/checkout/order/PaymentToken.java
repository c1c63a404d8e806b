package io.securecart.checkout.order;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the payment provider gave the customer's browser in exchange for their card: {@code tok_...}. It authorises
 * a charge, so it never appears in a log line, an exception or an error response: {@link #toString()} hides it, and
 * so does everything that prints this object (records, validation errors).
 */
@Schema(type = "string", pattern = "tok_[A-Za-z0-9_]{1,64}", example = "tok_visa",
		description = "A payment token from the payment provider; never card data")
public record PaymentToken(String value) {

	private static final Pattern TOKEN = Pattern.compile("tok_[A-Za-z0-9_]{1,64}");

	/** Digits with optional spaces or dashes, as people type card numbers. */
	private static final Pattern DIGITS_SPACES_DASHES = Pattern.compile("[0-9 -]+");

	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public PaymentToken {
	}

	@JsonValue
	@Override
	public String value() {
		return value;
	}

	public boolean isWellFormed() {
		return value != null && TOKEN.matcher(value).matches();
	}

	/** Whether this is a card number (12 to 19 digits, spaces and dashes allowed) sent where a token belongs. */
	public boolean looksLikeCardNumber() {
		if (value == null || !DIGITS_SPACES_DASHES.matcher(value).matches()) {
			return false;
		}
		long digits = value.chars().filter(c -> c >= '0' && c <= '9').count();
		return digits >= 12 && digits <= 19;
	}

	@Override
	public String toString() {
		return "PaymentToken[redacted]";
	}
}
