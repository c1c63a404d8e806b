package io.securecart.platform.outbox;

import java.util.Set;

/**
 * Why a row was not published.
 *
 * @param refusedForGood the broker refused the message itself: sending it again as it is fails again. Only a batch
 * entry that SQS or SNS mark as the sender's fault ({@code SenderFault}) with a code about the message's contents or
 * attributes ({@link #ABOUT_THE_MESSAGE}). Everything else is retried until it goes out, the sender's fault or not:
 * throttling (KMS's too), a key that is disabled or a permission that is missing (an operator fixes those, and then
 * every row goes out in its order), the broker's own errors, timeouts and requests that failed as a whole.
 */
record PublishFailure(String reason, boolean refusedForGood) {

	/**
	 * The entry error codes that say the message cannot be sent as it is: characters SQS does not allow, a body or
	 * attribute over a limit or malformed. A conservative list: a code not on it holds its group back and raises the
	 * outbox alarm, which is safe; one wrongly on it would send the group's later rows ahead of it.
	 */
	static final Set<String> ABOUT_THE_MESSAGE = Set.of("InvalidMessageContents", "InvalidParameterValue",
			"InvalidParameter", "InvalidAttributeValue", "InvalidAttributeName", "MessageTooLong",
			"ParameterValueInvalid", "InvalidParameterException");

	static PublishFailure retryable(String reason) {
		return new PublishFailure(reason, false);
	}

	static PublishFailure of(String code, String message, Boolean senderFault) {
		return new PublishFailure(code + ": " + message,
				Boolean.TRUE.equals(senderFault) && code != null && aboutTheMessage(code));
	}

	/** SQS may name a code with its namespace ({@code AWS.SimpleQueueService.}...). */
	private static boolean aboutTheMessage(String code) {
		return ABOUT_THE_MESSAGE.contains(code.substring(code.lastIndexOf('.') + 1));
	}
}
