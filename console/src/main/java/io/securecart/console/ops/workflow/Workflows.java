package io.securecart.console.ops.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.securecart.console.api.ConsoleProperties;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The fulfillment workflow's executions and their histories, read from the Step Functions API (moto locally, the same
 * calls on AWS), as {@code ./securecart workflow} does: fulfillment-service has no API for them. Executions are named
 * after their order.
 */
@Component
class Workflows {

	static final int SHOWN = 25;

	private final SfnClient sfn;

	private final String stateMachine;

	Workflows(SfnClient sfn, ConsoleProperties properties) {
		this.sfn = sfn;
		this.stateMachine = properties.fulfillmentStateMachine();
	}

	List<Execution> recent() {
		return readable(() -> stateMachineArn().map(arn -> sfn.listExecutions(request -> request.stateMachineArn(arn).maxResults(SHOWN))
			.executions()
			.stream()
			.map(item -> new Execution(item.name(), item.statusAsString(), item.startDate(), item.stopDate(), null,
					null))
			.toList()).orElse(List.of()));
	}

	Optional<Execution> execution(String name) {
		return readable(() -> stateMachineArn().flatMap(arn -> {
			String executionArn = arn.replace(":stateMachine:", ":execution:") + ":" + name;
			try {
				DescribeExecutionResponse execution = sfn.describeExecution(request -> request.executionArn(executionArn));
				List<Step> steps = history(executionArn, execution.startDate());
				return Optional.of(new Execution(name, execution.statusAsString(), execution.startDate(),
						execution.stopDate(), execution.error(), steps));
			}
			catch (ExecutionDoesNotExistException ex) {
				return Optional.empty();
			}
		}));
	}

	/** Step Functions not answering is a readable 503, not a stack trace. */
	private static <T> T readable(java.util.function.Supplier<T> read) {
		try {
			return read.get();
		}
		catch (SdkException ex) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"Step Functions could not be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private List<Step> history(String executionArn, Instant start) {
		List<Step> steps = new ArrayList<>();
		for (HistoryEvent event : sfn.getExecutionHistoryPaginator(request -> request.executionArn(executionArn))
			.events()) {
			String state = null;
			String detail = null;
			if (event.stateEnteredEventDetails() != null) {
				state = event.stateEnteredEventDetails().name();
			}
			else if (event.stateExitedEventDetails() != null) {
				state = event.stateExitedEventDetails().name();
			}
			if (event.taskFailedEventDetails() != null) {
				detail = event.taskFailedEventDetails().error() + " " + shorten(event.taskFailedEventDetails().cause());
			}
			else if (event.executionFailedEventDetails() != null) {
				detail = event.executionFailedEventDetails().error() + " "
						+ shorten(event.executionFailedEventDetails().cause());
			}
			steps.add(new Step(Duration.between(start, event.timestamp()), event.typeAsString(), state, detail));
		}
		return steps;
	}

	private Optional<String> stateMachineArn() {
		return sfn.listStateMachinesPaginator(request -> request.maxResults(100))
			.stateMachines()
			.stream()
			.filter(machine -> machine.name().equals(stateMachine))
			.map(StateMachineListItem::stateMachineArn)
			.findFirst();
	}

	private static String shorten(String text) {
		return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "…" : text;
	}

	record Execution(String name, String status, Instant startedAt, Instant stoppedAt, String error, List<Step> steps) {
	}

	/** One event of the history, timed from the execution's start. */
	record Step(Duration after, String type, String state, String detail) {

		public String afterSeconds() {
			return String.format(java.util.Locale.ROOT, "%.2f s", after.toMillis() / 1000.0);
		}
	}
}
