package io.securecart.fulfillment.shipment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsRequest;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

/**
 * The heartbeat admission reckons with is the least {@code HeartbeatSeconds} of the machine's tasks, as deployed, and
 * read again later; a definition that cannot be read leaves none at startup, and the service starts, and keeps the last
 * one read later. On the emulator, with a copy of its own:
 * {@code FulfillmentWorkflowIT}.
 */
class FulfillmentStateMachineTest {

	private static final Path INFRA = Path.of("..", "infra");

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final String ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:fulfillment";

	private static final FulfillmentProperties PROPERTIES = new FulfillmentProperties("fulfillment", Map.of(),
			"central", Duration.ofSeconds(20), Duration.ofSeconds(10), 32, Duration.ofMinutes(5));

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
	void theHeartbeatOfTheMachineFoundIsReadFromItsDefinition() {
		SfnClient sfn = stepFunctionsWithTheMachine();
		willReturn(DescribeStateMachineResponse.builder()
			.definition("""
					{"StartAt": "A", "States": {"A": {"Type": "Task", "HeartbeatSeconds": 60, "End": true}}}""")
			.build()).given(sfn).describeStateMachine(any(DescribeStateMachineRequest.class));

		assertThat(new FulfillmentStateMachine(sfn, PROPERTIES, JSON).heartbeat()).contains(Duration.ofSeconds(60));
	}

	@Test
	void aDefinitionItMayNotReadLeavesNoHeartbeatAndTheServiceStarts() {
		SfnClient sfn = stepFunctionsWithTheMachine();
		willThrow(SfnException.builder()
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder()
				.errorCode("AccessDeniedException")
				.errorMessage("not authorized to perform: states:DescribeStateMachine")
				.build())
			.build()).given(sfn).describeStateMachine(any(DescribeStateMachineRequest.class));

		FulfillmentStateMachine machine = new FulfillmentStateMachine(sfn, PROPERTIES, JSON);

		assertThat(machine.heartbeat()).as("admission falls back to max-in-flight").isEmpty();
		assertThat(machine.arn()).isEqualTo(ARN);
	}

	@Test
	void aDefinitionTooSlowToComeLeavesNoHeartbeatAndTheServiceStarts() {
		SfnClient sfn = stepFunctionsWithTheMachine();
		willThrow(ApiCallTimeoutException.create(30_000)).given(sfn)
			.describeStateMachine(any(DescribeStateMachineRequest.class));

		assertThat(new FulfillmentStateMachine(sfn, PROPERTIES, JSON).heartbeat()).isEmpty();
	}

	@Test
	void aMachineRedeployedWithAnotherHeartbeatIsReckonedWithOnceReadAgain() {
		SfnClient sfn = stepFunctionsWithTheMachine();
		willReturn(definitionWithHeartbeat(60), definitionWithHeartbeat(20)).given(sfn)
			.describeStateMachine(any(DescribeStateMachineRequest.class));
		FulfillmentStateMachine machine = new FulfillmentStateMachine(sfn, PROPERTIES, JSON);
		assertThat(machine.heartbeat()).contains(Duration.ofSeconds(60));

		machine.rereadHeartbeat();

		assertThat(machine.heartbeat()).contains(Duration.ofSeconds(20));
	}

	@Test
	void aReadThatFailsLaterKeepsTheLastGoodHeartbeat() {
		SfnClient sfn = stepFunctionsWithTheMachine();
		willReturn(definitionWithHeartbeat(60)).willThrow(ApiCallTimeoutException.create(10_000))
			.willThrow(SfnException.builder().statusCode(400).message("AccessDenied").build())
			.given(sfn)
			.describeStateMachine(any(DescribeStateMachineRequest.class));
		FulfillmentStateMachine machine = new FulfillmentStateMachine(sfn, PROPERTIES, JSON);

		machine.rereadHeartbeat();
		machine.rereadHeartbeat();

		assertThat(machine.heartbeat()).contains(Duration.ofSeconds(60));
	}

	@Test
	void aHeartbeatNotReadAtStartupIsReadLater() {
		SfnClient sfn = stepFunctionsWithTheMachine();
		willThrow(SfnException.builder().statusCode(400).message("AccessDenied").build())
			.willReturn(definitionWithHeartbeat(60))
			.given(sfn)
			.describeStateMachine(any(DescribeStateMachineRequest.class));
		FulfillmentStateMachine machine = new FulfillmentStateMachine(sfn, PROPERTIES, JSON);
		assertThat(machine.heartbeat()).isEmpty();

		machine.rereadHeartbeat();

		assertThat(machine.heartbeat()).as("the role was granted DescribeStateMachine since")
			.contains(Duration.ofSeconds(60));
	}

	private static DescribeStateMachineResponse definitionWithHeartbeat(int seconds) {
		return DescribeStateMachineResponse.builder()
			.definition("""
					{"StartAt": "A", "States": {"A": {"Type": "Task", "HeartbeatSeconds": %d, "End": true}}}"""
				.formatted(seconds))
			.build();
	}

	@Test
	void aMachineItCannotLookUpStillStopsTheStart() {
		SfnClient sfn = mock(withSettings().defaultAnswer(CALLS_REAL_METHODS));
		willThrow(SfnException.builder().message("not authorized to perform: states:ListStateMachines").build())
			.given(sfn)
			.listStateMachines(any(ListStateMachinesRequest.class));

		assertThatThrownBy(() -> new FulfillmentStateMachine(sfn, PROPERTIES, JSON))
			.isInstanceOf(SfnException.class);
	}

	/** Step Functions listing the declared machine; the convenience overloads run as the SDK's do. */
	/** What the code did before, too: the SDK's paginator follows every {@code nextToken}. */
	@Test
	void aCountAboveAThousandRunningReadsEveryPage() {
		SfnClient sfn = stepFunctionsWithTheMachine();
		willReturn(DescribeStateMachineResponse.builder().definition("{\"StartAt\": \"A\", \"States\": {}}").build())
			.given(sfn)
			.describeStateMachine(any(DescribeStateMachineRequest.class));
		willAnswer(listing -> listing.<ListExecutionsRequest>getArgument(0).nextToken() == null ? page(1000, "second")
				: page(500, null))
			.given(sfn)
			.listExecutions(any(ListExecutionsRequest.class));
		FulfillmentStateMachine machine = new FulfillmentStateMachine(sfn, PROPERTIES, JSON);

		assertThat(machine.runningExecutions()).isEqualTo(1500);

		ArgumentCaptor<ListExecutionsRequest> requests = ArgumentCaptor.captor();
		verify(sfn, times(2)).listExecutions(requests.capture());
		assertThat(requests.getAllValues()).extracting(ListExecutionsRequest::nextToken)
			.containsExactly(null, "second");
		assertThat(requests.getAllValues()).extracting(ListExecutionsRequest::maxResults).containsOnly(1000);
		assertThat(requests.getAllValues()).extracting(ListExecutionsRequest::statusFilter)
			.containsOnly(ExecutionStatus.RUNNING);
	}

	@Test
	void aCountTakesACallAPageAndOneMoreAfterAFullOne() {
		assertThat(FulfillmentStateMachine.callsToCount(0)).isOne();
		assertThat(FulfillmentStateMachine.callsToCount(999)).isOne();
		assertThat(FulfillmentStateMachine.callsToCount(1000)).as("a token after a full page").isEqualTo(2);
		assertThat(FulfillmentStateMachine.callsToCount(1500)).isEqualTo(2);
		assertThat(FulfillmentStateMachine.callsToCount(2000)).isEqualTo(3);
	}

	private static ListExecutionsResponse page(int executions, @Nullable String nextToken) {
		return ListExecutionsResponse.builder()
			.executions(IntStream.range(0, executions)
				.mapToObj(execution -> ExecutionListItem.builder().name("order-" + execution).build())
				.toList())
			.nextToken(nextToken)
			.build();
	}

	private static SfnClient stepFunctionsWithTheMachine() {
		SfnClient sfn = mock(withSettings().defaultAnswer(CALLS_REAL_METHODS));
		willReturn(ListStateMachinesResponse.builder()
			.stateMachines(StateMachineListItem.builder().name("fulfillment").stateMachineArn(ARN).build())
			.build()).given(sfn).listStateMachines(any(ListStateMachinesRequest.class));
		return sfn;
	}

	@Test
	void noHeartbeatWhereNoTaskDeclaresOne() {
		JsonNode definition = JSON.readTree("""
				{"StartAt": "A", "States": {"A": {"Type": "Task", "TimeoutSeconds": 300, "End": true}}}
				""");

		assertThat(FulfillmentStateMachine.leastHeartbeat(definition)).isEmpty();
	}
}
