package io.securecart.platform.dlq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterMessageNotFoundExceptionTest {

	@Test
	void aStandardQueuesMessageThatIsNotThereIsSimplyNotFound() {
		assertThat(new DeadLetterMessageNotFoundException("orders", "m-1", Map.of()))
			.hasMessage("No message m-1 in the dead-letter queue of 'orders'");
	}

	@Test
	void namesTheFirstMessageOfTenGroupsAtMostInTheOrderTheScanSawThem() {
		Map<String, String> firstOfEachGroup = new LinkedHashMap<>();
		IntStream.rangeClosed(1, 12).forEach(group -> firstOfEachGroup.put("customer-" + group, "m-" + group));

		assertThat(new DeadLetterMessageNotFoundException("orders.fifo", "m-99", firstOfEachGroup))
			.hasMessageStartingWith("No message m-99 in the dead-letter queue of 'orders.fifo'. If it is still there")
			.hasMessageContaining("First of their groups now: m-1 (group customer-1), m-2 (group customer-2),")
			.hasMessageEndingWith("m-10 (group customer-10) and 2 more")
			.hasMessageNotContaining("customer-11");
	}
}
