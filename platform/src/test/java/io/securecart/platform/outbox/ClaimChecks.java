package io.securecart.platform.outbox;

import io.securecart.platform.messaging.ClaimCheck;
import io.securecart.platform.messaging.ClaimCheckProperties;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.util.unit.DataSize;

import static org.mockito.Mockito.mock;

/** Claim checks for unit tests. */
public final class ClaimChecks {

	private ClaimChecks() {
	}

	/** The default threshold over an S3 client that answers nothing: small test messages pass through unchanged. */
	public static ClaimCheck passingThrough() {
		return new ClaimCheck(mock(S3Client.class), new ClaimCheckProperties("large-payloads", DataSize.ofKilobytes(256)));
	}
}
