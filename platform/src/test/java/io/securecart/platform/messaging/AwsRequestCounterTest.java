package io.securecart.platform.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AwsRequestCounter} on real SDK clients, against a local HTTP server that answers like SQS (JSON protocol)
 * and SNS (query protocol): every request on the wire is counted once, by service and operation, retries included.
 */
class AwsRequestCounterTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AwsRequestCounter counter = new AwsRequestCounter(registry);

	/** How many of the next SQS requests the fake broker fails with a retryable 500. */
	private final AtomicInteger sqsFailuresToServe = new AtomicInteger();

	private HttpServer broker;

	@BeforeEach
	void startFakeBroker() throws IOException {
		broker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		broker.createContext("/", this::answer);
		broker.start();
	}

	@AfterEach
	void stopFakeBroker() {
		broker.stop(0);
	}

	@Test
	void countsEachRequestByServiceAndOperation() {
		try (SqsAsyncClient sqs = sqs(); SnsClient sns = sns()) {
			sqs.getQueueUrl(request -> request.queueName("orders.fifo")).join();
			sqs.getQueueUrl(request -> request.queueName("orders.fifo")).join();
			sns.publish(request -> request.topicArn("arn:aws:sns:us-east-1:000000000000:order-events").message("{}"));
		}

		assertThat(count("sqs", "GetQueueUrl")).isEqualTo(2);
		assertThat(count("sns", "Publish")).isEqualTo(1);
		assertThat(registry.find(AwsRequestCounter.METRIC).counters()).hasSize(2);
	}

	@Test
	void countsEveryAttemptOfARetriedRequest() {
		sqsFailuresToServe.set(2);

		try (SqsAsyncClient sqs = sqs()) {
			sqs.getQueueUrl(request -> request.queueName("orders.fifo")).join();
		}

		assertThat(count("sqs", "GetQueueUrl")).as("two failed attempts, then the one that succeeded").isEqualTo(3);
	}

	@Test
	void keepsWhatTheClientsOverrideConfigurationAlreadyHeld() {
		SqsAsyncClientBuilder builder = SqsAsyncClient.builder()
			.overrideConfiguration(configuration -> configuration.apiCallTimeout(Duration.ofSeconds(7)));

		counter.countRequestsOf(builder);

		ClientOverrideConfiguration configuration = builder.overrideConfiguration();
		assertThat(configuration.apiCallTimeout()).contains(Duration.ofSeconds(7));
		assertThat(configuration.executionInterceptors()).containsExactly(counter);
	}

	private double count(String service, String operation) {
		Counter found = registry.find(AwsRequestCounter.METRIC)
			.tag("service", service)
			.tag("operation", operation)
			.counter();
		return found == null ? 0 : found.count();
	}

	private SqsAsyncClient sqs() {
		SqsAsyncClientBuilder builder = SqsAsyncClient.builder()
			.endpointOverride(endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
		counter.countRequestsOf(builder);
		return builder.build();
	}

	private SnsClient sns() {
		var builder = SnsClient.builder()
			.endpointOverride(endpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
		counter.countRequestsOf(builder);
		return builder.build();
	}

	private URI endpoint() {
		return URI.create("http://localhost:" + broker.getAddress().getPort());
	}

	/** SQS speaks JSON ({@code X-Amz-Target: AmazonSQS.GetQueueUrl}), SNS speaks form-encoded queries and XML. */
	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
			if (target != null) {
				if (sqsFailuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
					respond(exchange, 500, "application/x-amz-json-1.0",
							"{\"__type\":\"InternalError\",\"message\":\"try again\"}");
					return;
				}
				respond(exchange, 200, "application/x-amz-json-1.0",
						"{\"QueueUrl\":\"http://localhost/000000000000/orders.fifo\"}");
				return;
			}
			respond(exchange, 200, "text/xml", """
					<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
					  <PublishResult><MessageId>m-1</MessageId></PublishResult>
					  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
					</PublishResponse>""");
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) {
		try {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", contentType);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
