package io.securecart.platform.dlq;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deduplication id a redriven FIFO message is sent with. It must differ from the original's: within SQS's
 * five-minute deduplication window AWS accepts a send with a known id and silently drops it, so a redrive with the
 * original id followed by deleting the DLQ copy would lose the message. It is derived from the original (readable in
 * {@code dlq show}) and from the DLQ copy's message id, so a retried redrive of the same copy is deduplicated, while a
 * message that is dead-lettered again and redriven again gets yet another id. The consumers' inbox deduplicates by
 * event id, whatever the transport's id.
 */
final class RedriveDeduplicationIds {

	static final String MARKER = "~redrive-";

	/** SQS allows 128 characters. */
	static final int MAX_LENGTH = 128;

	private RedriveDeduplicationIds() {
	}

	/** {@code null} for a standard queue's message (it has no deduplication id). */
	static String forRedriveOf(String originalDeduplicationId, String deadLetterMessageId) {
		if (originalDeduplicationId == null) {
			return null;
		}
		int previous = originalDeduplicationId.indexOf(MARKER);
		String base = previous < 0 ? originalDeduplicationId : originalDeduplicationId.substring(0, previous);
		String id = base + MARKER + deadLetterMessageId;
		return id.length() <= MAX_LENGTH ? id : sha256(id);
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
