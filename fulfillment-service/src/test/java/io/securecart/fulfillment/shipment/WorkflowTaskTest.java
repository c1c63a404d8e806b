package io.securecart.fulfillment.shipment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Which steps end their execution, against the declared definition: admission frees room when they are answered. */
class WorkflowTaskTest {

	private static final Path DEFINITION = Path.of("..", "infra", "statemachines", "fulfillment.asl.json");

	@Test
	void theStepsThatEndTheExecutionAreThoseWhoseSuccessLeadsOnlyToASucceedOrAFailState() throws Exception {
		JsonNode states = JsonMapper.shared().readTree(Files.readString(DEFINITION)).required("States");
		Set<String> lastSteps = new TreeSet<>();
		for (var state : states.properties()) {
			JsonNode body = state.getValue().path("Parameters").path("MessageBody");
			if (body.has("step") && endsOnlyInATerminalState(states, state.getValue().path("Next").asString())) {
				lastSteps.add(body.required("step").asString());
			}
		}

		assertThat(lastSteps).isEqualTo(new TreeSet<>(WorkflowTask.LAST_STEPS));
		assertThat(WorkflowTask.LAST_STEPS).allSatisfy(step -> assertThat(task(step).endsTheExecution()).isTrue());
		assertThat(task("Ship").endsTheExecution()).isFalse();
	}

	private static boolean endsOnlyInATerminalState(JsonNode states, String name) {
		JsonNode state = states.required(name);
		return switch (state.required("Type").asString()) {
			case "Succeed", "Fail" -> true;
			case "Choice" -> endsOnlyInATerminalState(states, state.required("Default").asString())
					&& state.required("Choices")
						.valueStream()
						.allMatch(choice -> endsOnlyInATerminalState(states, choice.required("Next").asString()));
			default -> false;
		};
	}

	private static WorkflowTask task(String step) {
		return new WorkflowTask(step, JsonMapper.shared().createObjectNode().put("orderId", "0"), "token", 0);
	}
}
