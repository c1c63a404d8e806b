package io.securecart.platform.dlq;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedriveDeduplicationIdsTest {

	@Test
	void derivesANewIdFromTheOriginalAndTheDeadLetteredCopy() {
		String id = RedriveDeduplicationIds.forRedriveOf("order-42", "message-1");

		assertThat(id).isEqualTo("order-42~redrive-message-1").isNotEqualTo("order-42");
		assertThat(RedriveDeduplicationIds.forRedriveOf("order-42", "message-1")).as("a retried redrive of one copy")
			.isEqualTo(id);
	}

	@Test
	void aMessageRedrivenAgainGetsAnotherIdWithoutGrowing() {
		String first = RedriveDeduplicationIds.forRedriveOf("order-42", "message-1");

		assertThat(RedriveDeduplicationIds.forRedriveOf(first, "message-2")).isEqualTo("order-42~redrive-message-2");
	}

	@Test
	void staysWithinTheLengthSqsAllows() {
		String id = RedriveDeduplicationIds.forRedriveOf("x".repeat(128), "message-1");

		assertThat(id).hasSizeLessThanOrEqualTo(RedriveDeduplicationIds.MAX_LENGTH)
			.isNotEqualTo(RedriveDeduplicationIds.forRedriveOf("x".repeat(128), "message-2"));
	}

	@Test
	void leavesStandardQueueMessagesWithoutOne() {
		assertThat(RedriveDeduplicationIds.forRedriveOf(null, "message-1")).isNull();
	}
}
