package io.securecart.cdk.functions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.securecart.cdk.messaging.Messaging;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The stock-alerts function on AWS Lambda (ADR 15): the jar the {@code stock-alerts} module builds, run by Spring Cloud
 * Function's AWS adapter, with {@code stock-level-changes} as its SQS event source. A record it reports as failed
 * (partial batch response) becomes visible again after the queue's visibility timeout; after the queue's
 * {@code maxReceiveCount} receives SQS moves it to the queue's dead-letter queue, which the topology's alarms watch.
 * (An on-failure destination is for stream sources; for SQS the queue's redrive policy is the DLQ.)
 * Its role may consume that queue, publish to {@code stock-events} and write its own log group: nothing else.
 */
public class StockAlertsFunction extends Construct {

	/** Built by {@code ./mvnw -pl stock-alerts package}; relative to infra/cdk, where the CLI and the tests run. */
	public static final Path PACKAGE = Path.of("..", "..", "stock-alerts", "target", "stock-alerts-aws.jar");

	public static final String FUNCTION_NAME = "securecart-stock-alerts";

	static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

	/** The Lambda's timeout: the queue's visibility timeout is six times this, as AWS advises. */
	public static final int TIMEOUT_SECONDS = 20;

	public static final int BATCH_SIZE = 10;

	/** The topology's queue whose consumer is {@code stock-alerts}, and the topic the function publishes to. */
	public static final String QUEUE = "stock-level-changes";

	public static final String TOPIC = "stock-events";

	/** As inventory-service's default ({@code securecart.stock-alerts.low-stock-threshold}). */
	public static final int LOW_STOCK_THRESHOLD = 5;

	private final Function function;

	private final Role role;

	public StockAlertsFunction(Construct scope, String id, Messaging messaging, String queueName, String topicName,
			int lowStockThreshold) {
		super(scope, id);
		if (!Files.isRegularFile(PACKAGE)) {
			throw new IllegalStateException("The function's package " + PACKAGE.toAbsolutePath()
					+ " is missing: build it first (./mvnw -pl stock-alerts -am package)");
		}
		Queue queue = messaging.queue(queueName);
		LogGroup logs = LogGroup.Builder.create(this, "Logs")
			.logGroupName("/aws/lambda/" + FUNCTION_NAME)
			.retention(RetentionDays.ONE_MONTH)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		this.role = Role.Builder.create(this, "Role")
			.assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
			.description("securecart-stock-alerts: consume stock-level-changes, publish to stock-events, write its logs")
			.build();
		role.addToPolicy(PolicyStatement.Builder.create()
			.sid("WriteOwnLogs")
			.actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
			.resources(List.of(logs.getLogGroupArn()))
			.build());
		this.function = Function.Builder.create(this, "Function")
			.functionName(FUNCTION_NAME)
			.description("StockLevelChanged when a product's available stock crosses the low-stock threshold or comes back")
			.runtime(Runtime.JAVA_21)
			.architecture(Architecture.ARM_64)
			.handler(HANDLER)
			.code(Code.fromAsset(PACKAGE.toString()))
			.memorySize(1024)
			.timeout(Duration.seconds(TIMEOUT_SECONDS))
			.role(role)
			.logGroup(logs)
			.environment(Map.of(
					"MAIN_CLASS", "io.securecart.stockalerts.StockAlertsFunctionApplication",
					"SPRING_CLOUD_FUNCTION_DEFINITION", "stockLevelChanges",
					"SPRING_MAIN_WEB_APPLICATION_TYPE", "none",
					"SECURECART_STOCK_ALERTS_TOPIC_ARN", messaging.topic(topicName).getTopicArn(),
					"SECURECART_STOCK_ALERTS_LOW_STOCK_THRESHOLD", String.valueOf(lowStockThreshold)))
			.build();
		// Receive, delete and change visibility on the one queue (and decrypt with the messaging key).
		queue.grantConsumeMessages(role);
		// Publish to the one topic (and encrypt with the messaging key).
		messaging.topic(topicName).grantPublish(role);
		function.addEventSource(SqsEventSource.Builder.create(queue)
			.batchSize(BATCH_SIZE)
			.maxBatchingWindow(Duration.seconds(1))
			.reportBatchItemFailures(true)
			.build());
	}

	public Function function() {
		return function;
	}

	public Role role() {
		return role;
	}
}
