package io.securecart.fulfillment.shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.awspring.cloud.sqs.listener.Visibility;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * While a step works, a heartbeat to Step Functions every {@code heartbeat-interval}, so the definition's
 * {@code HeartbeatSeconds} tells a dead worker from a slow one; and with each, the task's message kept invisible for
 * two more intervals (30 s at least): a step longer than the queue's visibility timeout (30 s; a warehouse may take
 * minutes) would otherwise be delivered again while it works, each copy asking the warehouse again, and after five
 * receives dead-lettered while it still works.
 */
@Component
class TaskHeartbeats implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TaskHeartbeats.class);

	/**
	 * The least a heartbeat makes the message invisible for: the queue's own visibility timeout (30 s,
	 * infra/topology.json), so a short heartbeat interval (the tests') never shortens it.
	 */
	static final Duration MIN_INVISIBLE = Duration.ofSeconds(30);

	private final SfnClient sfn;

	private final FulfillmentProperties properties;

	private final ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(1,
			Thread.ofPlatform().name("task-heartbeats").daemon().factory());

	/**
	 * The heartbeat calls, each on a virtual thread of its own: the one scheduler thread serves every step at work, and
	 * a Step Functions slow to answer one task's heartbeat (up to the client's 10-s call timeout) would hold back every
	 * other task's heartbeat and visibility change behind it, past their messages' visibility and their
	 * {@code HeartbeatSeconds}. At most one per task is under way: the call timeout is shorter than the interval.
	 */
	private final ExecutorService heartbeatCalls = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("task-heartbeat-", 0).factory());

	private final Clock clock;

	TaskHeartbeats(SfnClient sfn, FulfillmentProperties properties, Clock clock) {
		this.sfn = sfn;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Whether Step Functions still waits for the answer of the task whose message was sent at {@code sentAt}. A task's
	 * {@code HeartbeatSeconds} run from when its message was sent, not from when a worker takes it (ADR 22): a message
	 * that waited in the queue behind slow steps may belong to a task that timed out meanwhile, which Step Functions
	 * has retried with a message of its own, or failed. Its step would hold a worker for nothing, and the retries
	 * queued behind it would time out in turn. A message younger than a heartbeat interval is taken as awaited without
	 * asking (what a worker that keeps up receives: no request); an older one is asked about with a heartbeat, which
	 * also restarts the task's clock for the step about to run. When Step Functions cannot answer, the step runs: its
	 * answer will tell.
	 */
	boolean stillAwaited(WorkflowTask task, @Nullable Instant sentAt) {
		if (sentAt == null || Duration.between(sentAt, clock.instant()).compareTo(properties.heartbeatInterval()) < 0) {
			return true;
		}
		try {
			sfn.sendTaskHeartbeat(request -> request.taskToken(task.taskToken()));
			return true;
		}
		catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException ex) {
			log.warn("Task {} of order {} waited in the queue since {} and Step Functions no longer waits for it: not "
					+ "done ({})", task.key(), task.orderId(), sentAt, ex.getMessage());
			return false;
		}
		catch (RuntimeException ex) {
			log.warn("Could not ask whether task {} of order {} is still awaited; doing it: {}", task.key(),
					task.orderId(), ex.toString());
			return true;
		}
	}

	/** Does the work, with heartbeats for the task and its message kept invisible until it returns. */
	<T> T whileWorking(WorkflowTask task, Visibility visibility, Supplier<T> work) {
		long interval = properties.heartbeatInterval().toMillis();
		int invisibleSeconds = (int) Math.max(MIN_INVISIBLE.toSeconds(),
				properties.heartbeatInterval().multipliedBy(2).toSeconds());
		ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> {
			// Neither waits: a heartbeat Step Functions is slow to take must delay no visibility change, this task's
			// or another's.
			keepInvisible(task, visibility, invisibleSeconds);
			sendHeartbeat(task);
		}, interval, interval, TimeUnit.MILLISECONDS);
		try {
			return work.get();
		}
		finally {
			heartbeat.cancel(false);
		}
	}

	private void sendHeartbeat(WorkflowTask task) {
		try {
			heartbeatCalls.execute(() -> heartbeat(task));
		}
		catch (RejectedExecutionException stopping) {
			log.debug("Stopping: no heartbeat for task {} of order {}", task.key(), task.orderId());
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
		heartbeatCalls.shutdownNow();
	}
}
