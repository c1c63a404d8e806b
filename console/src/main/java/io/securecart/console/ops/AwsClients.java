package io.securecart.console.ops;

import java.net.URI;
import java.time.Duration;

import io.securecart.console.api.ConsoleProperties;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Read-only AWS clients for what no service's API offers: queue attributes (depth, in flight) and the fulfillment
 * workflow's executions. Region and credentials from the default chains; the endpoint is moto or LocalStack locally.
 * On AWS the console's role needs only {@code sqs:GetQueueUrl}, {@code sqs:GetQueueAttributes},
 * {@code states:ListStateMachines}, {@code states:ListExecutions}, {@code states:DescribeExecution} and
 * {@code states:GetExecutionHistory}.
 */
@Configuration(proxyBeanMethods = false)
public class AwsClients {

	/**
	 * Each call, retries included, ends within this: a page (and the 3-s gauge poll) must not hang on a stalled
	 * endpoint for the SDK's socket timeouts and retries. The services' clients have the same
	 * ({@code AwsClientBuilders.CALL_TIMEOUT}).
	 */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	@Bean(destroyMethod = "close")
	SqsClient sqsClient(ConsoleProperties properties) {
		var builder = SqsClient.builder().overrideConfiguration(call -> call.apiCallTimeout(CALL_TIMEOUT));
		endpoint(properties).ifPresent(builder::endpointOverride);
		return builder.build();
	}

	@Bean(destroyMethod = "close")
	SfnClient sfnClient(ConsoleProperties properties) {
		var builder = SfnClient.builder().overrideConfiguration(call -> call.apiCallTimeout(CALL_TIMEOUT));
		endpoint(properties).ifPresent(builder::endpointOverride);
		return builder.build();
	}

	private static java.util.Optional<URI> endpoint(ConsoleProperties properties) {
		URI endpoint = properties.awsEndpoint();
		return endpoint == null || endpoint.toString().isBlank() ? java.util.Optional.empty()
				: java.util.Optional.of(endpoint);
	}
}
