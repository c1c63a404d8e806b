package io.securecart.fulfillment.shipment;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.securecart.platform.messaging.AwsClientBuilders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The fulfillment state machine on Step Functions, found by its declared name when the service starts: a service
 * pointed at a broker without it refuses to start, rather than accept orders it could never ship. Its definition is
 * read then too, for the {@link #heartbeat()} its tasks allow a worker, and again every few minutes
 * ({@link #rereadHeartbeat()}, on the admission's schedule); a service that cannot read it starts all the same, since
 * only the admission's bound needs it.
 */
@Component
class FulfillmentStateMachine {

	private static final Logger log = LoggerFactory.getLogger(FulfillmentStateMachine.class);

	/** The most executions a {@code ListExecutions} answers: a count of more takes a call a page. */
	static final int EXECUTIONS_PAGE = 1000;

	private final SfnClient sfn;

	private final String arn;

	private final JsonMapper json;

	/** The last heartbeat read; a read that fails keeps it. */
	private volatile @Nullable Duration heartbeat;

	FulfillmentStateMachine(SfnClient sfn, FulfillmentProperties properties, JsonMapper json) {
		this.sfn = sfn;
		this.json = json;
		this.arn = sfn
			.listStateMachinesPaginator(request -> request.maxResults(100)
				.overrideConfiguration(override -> override.apiCallTimeout(AwsClientBuilders.STARTUP_CALL_TIMEOUT)))
			.stateMachines()
			.stream()
			.filter(machine -> machine.name().equals(properties.stateMachine()))
			.map(StateMachineListItem::stateMachineArn)
			.findFirst()
			.orElseThrow(() -> new MissingStateMachineException(properties.stateMachine()));
		try {
			this.heartbeat = readHeartbeat(AwsClientBuilders.STARTUP_CALL_TIMEOUT).orElse(null);
		}
		catch (SdkException ex) {
			log.warn("Could not read the definition of state machine {} for its HeartbeatSeconds: admission falls back "
					+ "to max-in-flight, however slow the steps, until a later read succeeds (the service's role "
					+ "needs states:DescribeStateMachine on the machine): {}", arn, ex.toString());
		}
	}

	/**
	 * Reads the heartbeat again, from the machine as deployed now: a machine redeployed with another
	 * {@code HeartbeatSeconds} while the service runs is reckoned with from then on, not after a restart, and a role
	 * granted {@code states:DescribeStateMachine} since the start gives the bound its heartbeat. A read that fails
	 * keeps the last good one (a WARN), since a moment's AccessDenied or a slow emulator says nothing about the
	 * machine; a definition read without any heartbeat leaves none.
	 */
	void rereadHeartbeat() {
		Optional<Duration> read;
		try {
			read = readHeartbeat(AwsClientBuilders.CALL_TIMEOUT);
		}
		catch (SdkException ex) {
			log.warn("Could not read the definition of state machine {} again for its HeartbeatSeconds: admission "
					+ "keeps the last read ({}): {}", arn, heartbeat == null ? "none" : heartbeat, ex.toString());
			return;
		}
		Duration previous = heartbeat;
		heartbeat = read.orElse(null);
		if (!Objects.equals(previous, heartbeat)) {
			log.info("State machine {} allows its tasks a heartbeat of {} now, {} before: admission reckons with it",
					arn, heartbeat == null ? "none" : heartbeat, previous == null ? "none" : previous);
		}
	}

	/**
	 * The least heartbeat of the deployed definition. Failing is not a reason to refuse to start, unlike a missing
	 * machine: the heartbeat only lowers the admission's bound under slow steps, and without it the bound is
	 * {@code max-in-flight}, as before the bound followed the step time. An IAM stack older than this service (no
	 * {@code states:DescribeStateMachine}) or an emulator slow to answer would otherwise stop a service that ships.
	 */
	private Optional<Duration> readHeartbeat(Duration callTimeout) throws SdkException {
		String definition = sfn
			.describeStateMachine(request -> request.stateMachineArn(arn)
				.overrideConfiguration(override -> override.apiCallTimeout(callTimeout)))
			.definition();
		return leastHeartbeat(json.readTree(definition));
	}

	String arn() {
		return arn;
	}

	/**
	 * How long a task of the machine may wait for a worker's answer or heartbeat before Step Functions takes the worker
	 * for lost: the least {@code HeartbeatSeconds} of its tasks, as deployed (the declaration's substitution, or a
	 * test's copy's, filled in). Read from the machine itself, not from a copy in this service's configuration, so
	 * the admission's bound ({@link FulfillmentAdmission#limit}) follows what the machine declares: read at startup and
	 * again every {@link FulfillmentAdmission#HEARTBEAT_REREAD} ({@link #rereadHeartbeat()}), so a machine redeployed
	 * with another {@code HeartbeatSeconds} is reckoned with within minutes. Empty when no task declares one (the task
	 * then waits up to its {@code TimeoutSeconds}) or the definition has not been read yet: the bound is then
	 * {@code max-in-flight}.
	 */
	Optional<Duration> heartbeat() {
		return Optional.ofNullable(heartbeat);
	}

	/** The least {@code HeartbeatSeconds} of every Task state, at any depth (a {@code Map}'s or a branch's too). */
	static Optional<Duration> leastHeartbeat(JsonNode definition) {
		Optional<Duration> least = Optional.empty();
		if (definition.isObject() && "Task".equals(definition.path("Type").stringValue(""))
				&& definition.path("HeartbeatSeconds").isNumber()) {
			least = Optional.of(Duration.ofSeconds(definition.path("HeartbeatSeconds").asLong()));
		}
		for (JsonNode child : definition) {
			Optional<Duration> inner = leastHeartbeat(child);
			if (inner.isPresent() && (least.isEmpty() || inner.get().compareTo(least.get()) < 0)) {
				least = inner;
			}
		}
		return least;
	}

	/**
	 * Starts the order's execution, named after the order: a second start for the same order cannot run a second
	 * execution. An execution that already exists is success.
	 * @return the execution's ARN
	 */
	String start(UUID orderId, String input) {
		String name = executionName(orderId);
		try {
			return sfn.startExecution(request -> request.stateMachineArn(arn).name(name).input(input)).executionArn();
		}
		catch (ExecutionAlreadyExistsException ex) {
			return executionArn(orderId);
		}
	}

	/**
	 * Stops the execution: no step of it is sent after this, and one under way is refused its answer. An execution
	 * that has ended, or that Step Functions does not know, has nothing left to stop.
	 * @return whether Step Functions took the stop; false when there was nothing to stop
	 */
	boolean stop(String executionArn, String error, String cause) {
		try {
			sfn.stopExecution(request -> request.executionArn(executionArn).error(error).cause(cause));
			return true;
		}
		catch (ExecutionDoesNotExistException ex) {
			return false;
		}
	}

	/**
	 * How many of its executions run now, as Step Functions counts them (every instance's, whatever they belong to):
	 * every page, one {@code ListExecutions} each ({@link #callsToCount}), each within the client's call timeout.
	 */
	long runningExecutions() {
		return sfn.listExecutionsPaginator(request -> request.stateMachineArn(arn)
			.statusFilter(ExecutionStatus.RUNNING)
			.maxResults(EXECUTIONS_PAGE)).executions().stream().count();
	}

	/**
	 * How many {@code ListExecutions} a count of {@code running} executions takes at least: one a page, and one more
	 * after a full last page, whose token may lead to an empty one. At least, not at most: AWS documents
	 * {@code maxResults} as an upper limit, and a page may hold fewer. A count that takes more calls than this takes
	 * longer than the lease and a count's freshness reckon with, and that costs admission, never the bound: the count
	 * may arrive stale and admit nothing, and the lease may run out for the others, who then share the whole room
	 * while this instance admits nothing before its next count (ADR 22).
	 */
	static long callsToCount(long running) {
		return Math.max(0, running) / EXECUTIONS_PAGE + 1;
	}

	/**
	 * How the execution ended, if it ended other than by succeeding: failed, timed out, stopped, or gone. Empty while
	 * it runs, and when it succeeded (its last step, Invoice, ended the fulfilment before answering). An execution
	 * Step Functions does not know cannot report either: the broker lost it (the local emulator keeps nothing across
	 * a restart, while the fulfilment's row outlives it) or its history expired, 90 days after it closed on AWS.
	 */
	Optional<EndedExecution> endedUnsuccessfully(String executionArn) {
		DescribeExecutionResponse execution;
		try {
			execution = sfn.describeExecution(request -> request.executionArn(executionArn));
		}
		catch (ExecutionDoesNotExistException ex) {
			return Optional.of(new EndedExecution(EndedExecution.DOES_NOT_EXIST, "Execution.DoesNotExist",
					"Step Functions has no execution " + executionArn));
		}
		return switch (execution.status()) {
			case FAILED, TIMED_OUT, ABORTED -> Optional.of(new EndedExecution(execution.statusAsString(),
					execution.error(), execution.cause()));
			default -> Optional.empty();
		};
	}

	/**
	 * An execution's end, as Step Functions reports it.
	 * @param status FAILED, TIMED_OUT or ABORTED, or {@value #DOES_NOT_EXIST}
	 * @param error the error it ended with, when Step Functions has one (StopExecution's, a Fail state's)
	 * @param cause the cause, likewise
	 */
	record EndedExecution(String status, String error, String cause) {

		static final String DOES_NOT_EXIST = "DOES_NOT_EXIST";
	}

	String executionArn(UUID orderId) {
		// arn:aws:states:<region>:<account>:stateMachine:<name> -> ...:execution:<name>:<execution name>
		return arn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName(orderId);
	}

	static String executionName(UUID orderId) {
		return orderId.toString();
	}

	/** The declared state machine does not exist on the broker this service points at. */
	static class MissingStateMachineException extends IllegalStateException {

		MissingStateMachineException(String name) {
			super("""
					Step Functions state machine '%s' does not exist. Provision the topology declared in \
					infra/topology.json first (./securecart up does it; or run: java -jar \
					infra/provisioner/target/provisioner-exec.jar), and check that spring.cloud.aws.endpoint and the \
					region point at the broker you provisioned.""".formatted(name));
		}
	}
}
