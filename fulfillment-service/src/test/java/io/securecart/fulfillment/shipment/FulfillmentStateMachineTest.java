package io.securecart.fulfillment.shipment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heartbeat admission reckons with is the least {@code HeartbeatSeconds} of the machine's tasks, as deployed.
 * On the emulator, with a copy of its own: {@code FulfillmentWorkflowIT}.
 */
class FulfillmentStateMachineTest {

	private static final Path INFRA = Path.of("..", "infra");

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void theDeclaredMachineAllowsEveryTaskTheHeartbeatTheTopologyDeclares() throws Exception {
		JsonNode substitutions = JSON.readTree(Files.readString(INFRA.resolve("topology.json")))
			.required("stateMachines")
			.valueStream()
			.filter(machine -> machine.required("name").asString().equals("fulfillment"))
			.findFirst()
			.orElseThrow()
			.required("definitionSubstitutions");
		String deployed = Files.readString(INFRA.resolve("statemachines/fulfillment.asl.json"))
			.replace("\"${HeartbeatSeconds}\"", substitutions.required("HeartbeatSeconds").asString());

		assertThat(FulfillmentStateMachine.leastHeartbeat(JSON.readTree(deployed))).contains(Duration.ofSeconds(60));
	}

	@Test
	void theLeastOfEveryTaskCountsAlsoInsideAMap() {
		JsonNode definition = JSON.readTree("""
				{"StartAt": "A", "States": {
				  "A": {"Type": "Task", "HeartbeatSeconds": 60, "Next": "B"},
				  "B": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {
				    "C": {"Type": "Task", "HeartbeatSeconds": 20, "End": true}}}, "Next": "D"},
				  "D": {"Type": "Task", "TimeoutSeconds": 10, "End": true}}}
				""");

		assertThat(FulfillmentStateMachine.leastHeartbeat(definition)).contains(Duration.ofSeconds(20));
	}

	@Test
	void noHeartbeatWhereNoTaskDeclaresOne() {
		JsonNode definition = JSON.readTree("""
				{"StartAt": "A", "States": {"A": {"Type": "Task", "TimeoutSeconds": 300, "End": true}}}
				""");

		assertThat(FulfillmentStateMachine.leastHeartbeat(definition)).isEmpty();
	}
}
