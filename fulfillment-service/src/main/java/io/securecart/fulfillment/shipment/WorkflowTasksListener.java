package io.securecart.fulfillment.shipment;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.securecart.contracts.MessagingNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The worker: takes a step of the state machine off {@code fulfillment-tasks}, does it ({@link FulfillmentTasks},
 * once) and answers with the task token. While a step works it sends heartbeats, so the definition's
 * {@code HeartbeatSeconds} tells a dead worker from a slow one. The message is deleted only after the answer went
 * out: a worker that dies before answering gets the message again after the visibility timeout and answers from the
 * ledger. A message that cannot be parsed fails every time and ends in {@code fulfillment-tasks-dlq}.
 */
@Component
class WorkflowTasksListener implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WorkflowTasksListener.class);

	private final FulfillmentTasks tasks;

	private final SfnClient sfn;

	private final JsonMapper json;

	private final FulfillmentProperties properties;

	private final FulfillmentAdmission admission;

	private final ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(1,
			Thread.ofPlatform().name("task-heartbeats").daemon().factory());

	WorkflowTasksListener(FulfillmentTasks tasks, SfnClient sfn, JsonMapper json, FulfillmentProperties properties,
			FulfillmentAdmission admission) {
		this.tasks = tasks;
		this.sfn = sfn;
		this.json = json;
		this.properties = properties;
		this.admission = admission;
	}

	@SqsListener(value = MessagingNames.FULFILLMENT_TASKS_QUEUE, id = "workflow-tasks")
	void on(String body) {
		WorkflowTask task = json.readValue(body, WorkflowTask.class);
		long interval = properties.heartbeatInterval().toMillis();
		ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> heartbeat(task), interval, interval,
				TimeUnit.MILLISECONDS);
		TaskOutcome outcome;
		try {
			outcome = tasks.perform(task);
		}
		finally {
			heartbeat.cancel(false);
		}
		answer(task, outcome);
	}

	private void answer(WorkflowTask task, TaskOutcome outcome) {
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

	private void heartbeat(WorkflowTask task) {
		try {
			sfn.sendTaskHeartbeat(request -> request.taskToken(task.taskToken()));
			log.debug("Heartbeat for task {} of order {}", task.key(), task.orderId());
		}
		catch (RuntimeException ex) {
			log.warn("Heartbeat for task {} of order {} failed: {}", task.key(), task.orderId(), ex.toString());
		}
	}

	@Override
	public void destroy() {
		heartbeats.shutdownNow();
	}
}
