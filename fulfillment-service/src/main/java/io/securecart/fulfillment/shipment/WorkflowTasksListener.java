package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.securecart.contracts.MessagingNames;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * The worker: takes a step of the state machine off {@code fulfillment-tasks}, does it ({@link FulfillmentTasks},
 * once) with heartbeats ({@link TaskHeartbeats}) and answers with the task token ({@link TaskAnswers}). The message is
 * deleted only after the answer went out: a worker that dies before answering gets the message again once its
 * visibility runs out and answers from the ledger. A message of a task Step Functions no longer waits for (it timed
 * out while the message waited in the queue) is deleted undone ({@link TaskHeartbeats#stillAwaited}). A message that
 * cannot be parsed fails every time and ends in {@code fulfillment-tasks-dlq}. How long a message that did its step
 * held the worker goes to {@link StepDurations}, from which admission reckons how many executions the workers can
 * serve; a stale task let go, an answer from the ledger and a body that cannot be parsed do not: they took a worker
 * for milliseconds, no step, and would make the steps look faster than they are (StepDurations says why).
 */
@Component
class WorkflowTasksListener {

	static final String ID = "workflow-tasks";

	private final JsonMapper json;

	private final FulfillmentTasks tasks;

	private final TaskHeartbeats heartbeats;

	private final TaskAnswers answers;

	private final StepDurations durations;

	private final Clock clock;

	WorkflowTasksListener(JsonMapper json, FulfillmentTasks tasks, TaskHeartbeats heartbeats, TaskAnswers answers,
			StepDurations durations, Clock clock) {
		this.json = json;
		this.tasks = tasks;
		this.heartbeats = heartbeats;
		this.answers = answers;
		this.durations = durations;
		this.clock = clock;
	}

	@SqsListener(value = MessagingNames.FULFILLMENT_TASKS_QUEUE, id = ID)
	void on(String body, Visibility visibility, @Header(name = SqsHeaders.MessageSystemAttributes.SQS_SENT_TIMESTAMP,
			required = false) @Nullable String sent) {
		Instant taken = clock.instant();
		WorkflowTask task = json.readValue(body, WorkflowTask.class);
		if (!heartbeats.stillAwaited(task, sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)))) {
			return;
		}
		FulfillmentTasks.Performed performed = null;
		try {
			performed = heartbeats.whileWorking(task, visibility, () -> tasks.perform(task));
			answers.answer(task, performed.outcome());
		}
		finally {
			// From when the message was taken: asking whether it is still awaited is part of the step's hold. A step
			// that threw was under way, and its time held the worker as well.
			if (performed == null || !performed.replayed()) {
				durations.record(Duration.between(taken, clock.instant()));
			}
		}
	}
}
