package io.securecart.platform.outbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the broker's refusal of the message itself sets a row aside; a passing refusal is retried in its place. */
class PublishFailureTest {

	@ParameterizedTest(name = "{0}, sender''s fault {1}: refused for good {2}")
	@CsvSource({ "InvalidMessageContents, true, true", "AWS.SimpleQueueService.InvalidParameterValue, true, true",
			"InvalidParameter, true, true", "InvalidMessageContents, false, false", "RequestThrottled, true, false",
			"KMS.ThrottlingException, true, false", "KMS.DisabledException, true, false",
			"KMS.AccessDeniedException, true, false", "InternalError, false, false" })
	void isRefusedForGoodOnlyWhenTheMessageItselfIsAtFault(String code, boolean senderFault, boolean forGood) {
		assertThat(PublishFailure.of(code, "the broker's words", senderFault).refusedForGood()).isEqualTo(forGood);
	}
}
