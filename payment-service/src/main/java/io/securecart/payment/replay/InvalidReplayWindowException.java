package io.securecart.payment.replay;

/** A replay window that is empty, or reaches into the future. */
class InvalidReplayWindowException extends IllegalArgumentException {

	InvalidReplayWindowException(String message) {
		super(message);
	}
}
