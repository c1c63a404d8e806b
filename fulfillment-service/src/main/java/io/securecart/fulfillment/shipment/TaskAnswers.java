package io.securecart.fulfillment.shipment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import org.springframework.stereotype.Component;

/**
 * A step's answer to Step Functions with its task token: {@code SendTaskSuccess} with the step's output, or
 * {@code SendTaskFailure} with an error name the definition's Retry and Catch match. An answer the execution no longer
 * waits for (it timed out, or was answered before) is logged and dropped; one that cannot be sent fails the message,
 * which SQS delivers again and the ledger answers.
 */
@Component
class TaskAnswers {

	private static final Logger log = LoggerFactory.getLogger(TaskAnswers.class);

	private final SfnClient sfn;

	private final FulfillmentAdmission admission;

	TaskAnswers(SfnClient sfn, FulfillmentAdmission admission) {
		this.sfn = sfn;
		this.admission = admission;
	}

	void answer(WorkflowTask task, TaskOutcome outcome) {
		try {
			switch (outcome) {
				case TaskOutcome.Succeeded succeeded -> {
					sfn.sendTaskSuccess(request -> request.taskToken(task.taskToken()).output(succeeded.output()));
					if (task.endsTheExecution()) {
						admission.executionEnded();
					}
				}
				case TaskOutcome.Failed failed -> sfn.sendTaskFailure(request -> request.taskToken(task.taskToken())
					.error(failed.error())
					.cause(failed.cause()));
			}
		}
		catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException ex) {
			// The execution moved on without this answer (it timed out, or was answered before): nothing to redo.
			log.warn("Task {} of order {} was answered too late: {}", task.key(), task.orderId(), ex.getMessage());
		}
	}
}
