package io.securecart.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.securecart.cdk.functions.StockAlertsFunction;
import io.securecart.provisioner.Topology;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stock-alerts function (ADR 15): a Lambda running the stock-alerts jar through Spring Cloud Function's adapter,
 * fed by its queue with partial batch responses, whose failures end in that queue's DLQ, and whose role can do
 * nothing but consume that queue, publish to its topic and write its logs.
 */
class StockAlertsFunctionTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void runsTheFunctionThroughTheSpringCloudFunctionAdapter() {
		app.template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
				"FunctionName", StockAlertsFunction.FUNCTION_NAME,
				"Handler", "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest",
				"Runtime", "java21",
				"Timeout", StockAlertsFunction.TIMEOUT_SECONDS,
				"Environment", Match.objectLike(Map.of("Variables", Match.objectLike(Map.of(
						"SPRING_CLOUD_FUNCTION_DEFINITION", "stockLevelChanges",
						"MAIN_CLASS", "io.securecart.stockalerts.StockAlertsFunctionApplication",
						"SECURECART_STOCK_ALERTS_TOPIC_ARN",
						Map.of("Ref", app.logicalId("AWS::SNS::Topic", "TopicName", StockAlertsFunction.TOPIC)))))))));
	}

	@Test
	void consumesItsQueueInBatchesReportingOnlyTheFailedRecords() {
		String function = app.logicalId("AWS::Lambda::Function", "FunctionName", StockAlertsFunction.FUNCTION_NAME);
		app.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
				"FunctionName", Map.of("Ref", function),
				"EventSourceArn", Map.of("Fn::GetAtt", List.of(app.queueId(StockAlertsFunction.QUEUE), "Arn")),
				"BatchSize", StockAlertsFunction.BATCH_SIZE,
				"FunctionResponseTypes", List.of("ReportBatchItemFailures"))));
		assertThat(app.ofType("AWS::Lambda::EventSourceMapping")).hasSize(1);
		Topology.QueueSpec queue = TOPOLOGY.queue(StockAlertsFunction.QUEUE).orElseThrow();
		assertThat(queue.consumer()).isEqualTo("stock-alerts");
	}

	@Test
	void aRecordThatKeepsFailingEndsInTheQueuesDeadLetterQueueAfterEnoughTimeForEachAttempt() {
		Topology.QueueSpec declared = TOPOLOGY.queue(StockAlertsFunction.QUEUE).orElseThrow();
		Map<String, Object> queue = app.queue(StockAlertsFunction.QUEUE);

		assertThat(queue.get("RedrivePolicy")).isEqualTo(Map.of(
				"deadLetterTargetArn",
				Map.of("Fn::GetAtt", List.of(app.queueId(declared.deadLetter().name()), "Arn")),
				"maxReceiveCount", declared.deadLetter().maxReceiveCount()));
		// AWS: at least six times the function's timeout, or a batch still being worked on is delivered again.
		assertThat(((Number) queue.get("VisibilityTimeout")).intValue())
			.isGreaterThanOrEqualTo(6 * StockAlertsFunction.TIMEOUT_SECONDS);
	}

	@Test
	@SuppressWarnings("unchecked")
	void itsRoleConsumesItsQueuePublishesToItsTopicAndWritesItsLogsOnly() {
		String function = app.logicalId("AWS::Lambda::Function", "FunctionName", StockAlertsFunction.FUNCTION_NAME);
		String role = SynthesizedSecureCart
			.referencedIds(properties(app.resources.get(function)).get("Role"))
			.getFirst();
		assertThat(properties(app.resources.get(role)).get("ManagedPolicyArns")).as("no managed policies").isNull();
		List<Map<String, Object>> statements = new ArrayList<>();
		app.ofType("AWS::IAM::Policy").values().stream().map(SynthesizedSecureCart::properties).forEach(policy -> {
			if (SynthesizedSecureCart.referencedIds(policy.get("Roles")).contains(role)) {
				statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument"))
					.get("Statement"));
			}
		});
		// The messaging key's alias names it: the queue's and the topic's encryption key.
		String messagingKey = app.ofType("AWS::KMS::Alias").values().stream()
			.map(SynthesizedSecureCart::properties)
			.filter(alias -> "alias/securecart-messaging".equals(alias.get("AliasName")))
			.map(alias -> SynthesizedSecureCart.referencedIds(alias.get("TargetKeyId")).getFirst())
			.findFirst()
			.orElseThrow();
		Set<String> own = Set.of(app.queueId(StockAlertsFunction.QUEUE),
				app.logicalId("AWS::SNS::Topic", "TopicName", StockAlertsFunction.TOPIC),
				app.logicalId("AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/" + StockAlertsFunction.FUNCTION_NAME),
				messagingKey);
		List<Object> actions = new ArrayList<>();

		assertThat(statements).isNotEmpty().allSatisfy(statement -> {
			assertThat(statement.get("Effect")).isEqualTo("Allow");
			for (Object resource : SynthesizedSecureCart.asList(statement.get("Resource"))) {
				assertThat(resource).as("no action on *").isNotEqualTo("*");
				assertThat(SynthesizedSecureCart.referencedIds(resource)).isNotEmpty().isSubsetOf(own);
			}
			actions.addAll(SynthesizedSecureCart.asList(statement.get("Action")));
		});
		assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
				"sns:Publish", "logs:PutLogEvents")
			.allMatch(action -> String.valueOf(action).matches("(sqs|sns|kms|logs):.*"))
			.doesNotContain("sqs:SendMessage", "sqs:*", "sns:*", "kms:*");
	}
}
