package io.securecart.platform.messaging;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3CrtAsyncClientAutoConfiguration;
import io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securecart.platform.stream.StreamAutoConfiguration;
import io.securecart.platform.time.TimeAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.messagemanager.sns.SnsMessageManager;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every AWS client a service gets, Spring Cloud AWS's and the platform's, sends its requests through the CRT HTTP
 * client and has them counted. The SDK names its HTTP client in the {@code User-Agent} of each request
 * ({@code md/http#AwsCommonRuntime}); a local server records them.
 */
class AwsClientsAutoConfigurationTest {

	private final List<String> userAgents = new CopyOnWriteArrayList<>();

	private HttpServer aws;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startFakeAws() throws IOException {
		aws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		aws.createContext("/", this::answer);
		aws.start();
		contextRunner = new ApplicationContextRunner()
			.withInitializer(context -> new AwsClientDefaults().postProcessEnvironment(context.getEnvironment(), null))
			.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
					CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
					SqsAutoConfiguration.class, SnsAutoConfiguration.class, S3CrtAsyncClientAutoConfiguration.class,
					TimeAutoConfiguration.class, AwsClientsAutoConfiguration.class, EventBridgeAutoConfiguration.class,
					ClaimCheckAutoConfiguration.class, StreamAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("spring.cloud.aws.endpoint=http://localhost:" + aws.getAddress().getPort(),
					"spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=test",
					"spring.cloud.aws.credentials.secret-key=test");
	}

	@AfterEach
	void stopFakeAws() {
		aws.stop(0);
	}

	@Test
	void everyClientSpeaksThroughTheCrtHttpClient() {
		contextRunner.run(context -> {
			catchThrowable(() -> context.getBean(SqsAsyncClient.class)
				.getQueueUrl(request -> request.queueName("orders.fifo"))
				.join());
			catchThrowable(() -> context.getBean(SnsClient.class).listTopics());
			catchThrowable(() -> context.getBean(EventBridgeClient.class).listEventBuses(request -> { }));
			catchThrowable(() -> context.getBean(S3Client.class).listBuckets());
			catchThrowable(() -> context.getBean(KinesisClient.class).listStreams());

			assertThat(userAgents).hasSize(6)
				.allSatisfy(userAgent -> assertThat(userAgent).contains("md/http#AwsCommonRuntime"));
			assertThat(context.getBean(MeterRegistry.class).find(AwsRequestCounter.METRIC).counters())
				.extracting(counter -> counter.getId().getTag("service") + " " + counter.getId().getTag("operation")
						+ " " + counter.count())
				.containsExactlyInAnyOrder("sqs GetQueueUrl 1.0", "sns ListTopics 1.0",
						"eventbridge ListEventBuses 1.0", "s3 HeadBucket 1.0", "s3 ListBuckets 1.0",
						"kinesis ListStreams 1.0");
		});
	}

	@Test
	void everyCallOfThePlatformsOwnClientsIsBoundedWhoeverMakesIt() {
		contextRunner.run(context -> assertThat(List.of(
				context.getBean(EventBridgeClient.class).serviceClientConfiguration().overrideConfiguration(),
				context.getBean(S3Client.class).serviceClientConfiguration().overrideConfiguration(),
				context.getBean(KinesisClient.class).serviceClientConfiguration().overrideConfiguration()))
			.allSatisfy(override -> assertThat(override.apiCallTimeout()).contains(AwsClientBuilders.CALL_TIMEOUT)));
	}

	/**
	 * On SIGTERM the CRT's shutdown hook runs beside Spring's, which still stops the listeners and flushes the
	 * outbox: the clients must keep working until the context has closed. What the hook does is done here by hand.
	 */
	@Test
	void theClientsOutliveTheCrtsShutdownHookUntilTheContextCloses() throws ReflectiveOperationException {
		int heldBefore = crtShutdownReferences();
		contextRunner.run(context -> {
			// First the hold itself: without it, the release below would end the CRT for this whole test JVM.
			assertThat(crtShutdownReferences()).as("the context holds the CRT").isEqualTo(heldBefore + 1);
			CRT.releaseShutdownRef();
			try {
				CompletableFuture<?> poll = context.getBean(SqsAsyncClient.class)
					.getQueueUrl(request -> request.queueName("orders.fifo"));

				assertThat(poll).failsWithin(Duration.ofSeconds(30))
					.withThrowableOfType(ExecutionException.class)
					.withCauseInstanceOf(SqsException.class);
			}
			finally {
				CRT.acquireShutdownRef();
			}
		});
		assertThat(crtShutdownReferences()).as("let go when the context closed").isEqualTo(heldBefore);
	}

	/** The CRT counts its holders in a private field; reading it is the only way to see a hold without ending it. */
	private static int crtShutdownReferences() throws ReflectiveOperationException {
		Field references = CRT.class.getDeclaredField("shutdownRefCount");
		references.setAccessible(true);
		synchronized (CRT.class) {
			return references.getInt(null);
		}
	}

	/** With the CRT on the class path, Spring Cloud AWS would start a CRT S3 client of its own that nothing uses. */
	@Test
	void noSpringCloudAwsS3ClientStartsBesideThePlatformsOwn() {
		contextRunner.run(context -> {
			assertThat(context).hasSingleBean(S3Client.class);
			assertThat(context).doesNotHaveBean(S3AsyncClient.class);
		});
	}

	/** Every SNS subscription is a queue: no verifier of HTTP notifications, and no Apache HTTP client for it. */
	@Test
	void noSnsNotificationVerifierIsBuilt() {
		contextRunner.run(context -> assertThat(context).hasSingleBean(SnsClient.class)
			.doesNotHaveBean(SnsMessageManager.class));
	}

	/**
	 * The claim check's startup check of its bucket ({@code HEAD}) passes; everything else gets a 400 with an empty
	 * body, an error no client retries, so each call is one request.
	 */
	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
			exchange.sendResponseHeaders("HEAD".equals(exchange.getRequestMethod()) ? 200 : 400, -1);
		}
	}
}
