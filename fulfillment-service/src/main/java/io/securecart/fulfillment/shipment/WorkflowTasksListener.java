package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;
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
 * {@code HeartbeatSeconds} tells a dead worker from a slow one, and with each it keeps the message invisible for two
 * more heartbeat intervals (30 s at least): a step longer than the queue's visibility timeout (30 s; a warehouse
 * may take minutes) would otherwise be delivered again while it works, each copy asking the warehouse again, and
 * after five receives dead-lettered while it still works. The message is deleted only after the
 * answer went out: a worker that dies before answering gets the message again once its visibility runs out and
 * answers from the ledger. A message that cannot be parsed fails every time and ends in
 * {@code fulfillment-tasks-dlq}.
 */
@Component
class WorkflowTasksListener implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WorkflowTasksListener.class);

	private final FulfillmentTasks tasks;

	private final SfnClient sfn;

	private final JsonMapper json;

	private final FulfillmentProperties properties;

	private final FulfillmentAdmission admission;

	/**
	 * The least a heartbeat makes the message invisible for: the queue's own visibility timeout (30 s,
	 * infra/topology.json), so a short heartbeat interval (the tests') never shortens it.
	 */
	static final Duration MIN_INVISIBLE = Duration.ofSeconds(30);

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
	void on(String body, Visibility visibility) {
		WorkflowTask task = json.readValue(body, WorkflowTask.class);
		long interval = properties.heartbeatInterval().toMillis();
		int invisibleSeconds = (int) Math.max(MIN_INVISIBLE.toSeconds(),
				properties.heartbeatInterval().multipliedBy(2).toSeconds());
		ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> {
			// First, and without waiting: a heartbeat Step Functions is slow to take must not delay it.
			keepInvisible(task, visibility, invisibleSeconds);
			heartbeat(task);
		}, interval, interval, TimeUnit.MILLISECONDS);
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

	private static void keepInvisible(WorkflowTask task, Visibility visibility, int seconds) {
		try {
			visibility.changeToAsync(seconds).whenComplete((done, failure) -> {
				if (failure != null) {
					warnStillVisible(task, failure);
				}
			});
		}
		catch (RuntimeException ex) {
			// Thrown out of the scheduled task, it would cancel it: no more heartbeats either.
			warnStillVisible(task, ex);
		}
	}

	private static void warnStillVisible(WorkflowTask task, Throwable failure) {
		log.warn("Could not keep the message of task {} of order {} invisible: {}", task.key(), task.orderId(),
				failure.toString());
	}

	@Override
	public void destroy() {
		heartbeats.shutdownNow();
	}
}
