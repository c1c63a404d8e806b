package io.securecart.fulfillment.shipment;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * A step's answer: the last step's success frees its admission slot; an answer the execution no longer waits for is
 * dropped.
 */
class TaskAnswersTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SfnClient sfn = mock();

	private final FulfillmentAdmission admission = mock();

	private final TaskAnswers answers = new TaskAnswers(sfn, admission);

	@Test
	void theLastStepsSuccessEndsTheExecutionForAdmission() {
		answers.answer(task("Invoice"), new TaskOutcome.Succeeded("{\"invoiceNumber\": \"INV-1\"}"));

		verify(sfn).sendTaskSuccess(any(Consumer.class));
		verify(admission).executionEnded();
	}

	@Test
	void anAnswerTheExecutionNoLongerWaitsForIsDroppedAndFreesNothing() {
		given(sfn.sendTaskSuccess(any(Consumer.class)))
			.willThrow(TaskTimedOutException.builder().message("late").build());

		assertThatNoException().isThrownBy(() -> answers.answer(task("Invoice"), new TaskOutcome.Succeeded("{}")));
		verify(admission, never()).executionEnded();
	}

	@Test
	void anAnswerStepFunctionsCouldNotTakeFailsTheMessageSoThatItIsDeliveredAgain() {
		given(sfn.sendTaskSuccess(any(Consumer.class)))
			.willThrow(SfnException.builder().message("Rate exceeded").statusCode(400).build());

		assertThatExceptionOfType(SfnException.class)
			.isThrownBy(() -> answers.answer(task("Invoice"), new TaskOutcome.Succeeded("{}")));
		verify(admission, never()).executionEnded();
	}

	@Test
	void aFailureIsSentWithTheErrorNameTheDefinitionMatches() {
		answers.answer(task("Pick"), new TaskOutcome.Failed(FulfillmentTasks.TRANSIENT, "the warehouse is down"));

		ArgumentCaptor<Consumer<SendTaskFailureRequest.Builder>> failure = ArgumentCaptor.captor();
		verify(sfn).sendTaskFailure(failure.capture());
		SendTaskFailureRequest.Builder sent = SendTaskFailureRequest.builder();
		failure.getValue().accept(sent);
		assertThat(sent.build()).satisfies(request -> {
			assertThat(request.taskToken()).isEqualTo("token");
			assertThat(request.error()).isEqualTo("Warehouse.Unavailable");
			assertThat(request.cause()).isEqualTo("the warehouse is down");
		});
		verify(sfn, never()).sendTaskSuccess(any(Consumer.class));
		verify(admission, never()).executionEnded();
	}

	private static WorkflowTask task(String step) {
		return JSON.readValue(JSON.writeValueAsString(Map.of("step", step, "input",
				Map.of("orderId", UUID.randomUUID().toString(), "shipmentId", UUID.randomUUID().toString()),
				"taskToken", "token", "attempt", 0)), WorkflowTask.class);
	}
}
