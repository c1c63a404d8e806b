package io.securecart.platform.outbox;

/**
 * Why a row was not published.
 *
 * @param refusedForGood the broker refused the message as the sender's fault (SQS's and SNS's {@code SenderFault}):
 * its contents, or a key or permission only an operator can change. Sending it again as it is fails again. A
 * throttled, timed-out or failed-on-the-broker's-side row is not: it is retried until it goes out.
 */
record PublishFailure(String reason, boolean refusedForGood) {

	static PublishFailure retryable(String reason) {
		return new PublishFailure(reason, false);
	}

	static PublishFailure of(String code, String message, Boolean senderFault) {
		return new PublishFailure(code + ": " + message, Boolean.TRUE.equals(senderFault));
	}
}
