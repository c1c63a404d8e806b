package io.securecart.platform.messaging;

import java.time.Duration;
import java.util.function.Consumer;

import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.crt.ConnectionHealthConfiguration;
import software.amazon.awssdk.utils.AttributeMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * One transport and one request count for every AWS client a service has, Spring Cloud AWS's (SQS, SNS, DynamoDB)
 * and the platform's own ({@link AwsClientBuilders}: EventBridge, S3, Kinesis, Step Functions).
 * <ul>
 * <li>The transport is the AWS Common Runtime (CRT) HTTP client instead of the SDK's defaults (Netty for async
 * clients, Apache for sync ones): the steady benchmark spent about 10 % less CPU per order with it (ADR 27).</li>
 * <li>Every request on the wire is counted ({@link AwsRequestCounter}).</li>
 * </ul>
 * Spring Cloud AWS applies {@link AwsSyncClientCustomizer} and {@link AwsAsyncClientCustomizer} beans to each client
 * it builds, after its endpoint, region and credentials and before a client's own customizer.
 */
@AutoConfiguration(after = { CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class })
public class AwsClientsAutoConfiguration {

	/**
	 * The CRT client has no read timeout (Netty's is 30 s): a connection that stops carrying data is closed when it
	 * moves less than {@value #MINIMUM_THROUGHPUT_BYTES_PER_SECOND} byte/s for this long. Longer than SQS's longest
	 * long poll (20 s), which sends nothing until a message arrives or the wait ends.
	 */
	static final Duration STALLED_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

	static final long MINIMUM_THROUGHPUT_BYTES_PER_SECOND = 1;

	private static final Consumer<ConnectionHealthConfiguration.Builder> STALLED_IS_CLOSED = health -> health
		.minimumThroughputInBps(MINIMUM_THROUGHPUT_BYTES_PER_SECOND)
		.minimumThroughputTimeout(STALLED_CONNECTION_TIMEOUT);

	@Bean
	@ConditionalOnMissingBean
	CrtRuntimeHold crtRuntimeHold() {
		return new CrtRuntimeHold();
	}

	/** Takes the {@link CrtRuntimeHold} so that it is created before, and destroyed after, every client. */
	@Bean
	@ConditionalOnMissingBean(name = "crtSyncTransport")
	AwsSyncClientCustomizer crtSyncTransport(CrtRuntimeHold hold, ObjectProvider<MeterRegistry> meterRegistry) {
		return builder -> {
			builder.httpClientBuilder(
					new CrtOverHttp11(AwsCrtHttpClient.builder().connectionHealthConfiguration(STALLED_IS_CLOSED)));
			countRequests((SdkClientBuilder<?, ?>) builder, meterRegistry);
		};
	}

	@Bean
	@ConditionalOnMissingBean(name = "crtAsyncTransport")
	AwsAsyncClientCustomizer crtAsyncTransport(CrtRuntimeHold hold, ObjectProvider<MeterRegistry> meterRegistry) {
		return builder -> {
			builder.httpClientBuilder(AwsCrtAsyncHttpClient.builder().connectionHealthConfiguration(STALLED_IS_CLOSED));
			countRequests((SdkClientBuilder<?, ?>) builder, meterRegistry);
		};
	}

	@Bean
	@ConditionalOnMissingBean
	AwsClientBuilders awsClientBuilders(AwsClientBuilderConfigurer configurer,
			ObjectProvider<AwsSyncClientCustomizer> syncCustomizers) {
		return new AwsClientBuilders(configurer, syncCustomizers);
	}

	/**
	 * The CRT's sync client speaks HTTP/1.1 only and refuses to start for a service whose defaults ask for HTTP/2
	 * (Kinesis: for {@code SubscribeToShard}, an async call; the SDK's Apache client ignored the setting).
	 */
	private record CrtOverHttp11(AwsCrtHttpClient.Builder crt) implements SdkHttpClient.Builder<CrtOverHttp11> {

		private static final AttributeMap HTTP_1_1 = AttributeMap.builder()
			.put(SdkHttpConfigurationOption.PROTOCOL, Protocol.HTTP1_1)
			.build();

		@Override
		public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
			return crt.buildWithDefaults(HTTP_1_1.merge(serviceDefaults));
		}
	}

	private static void countRequests(SdkClientBuilder<?, ?> builder, ObjectProvider<MeterRegistry> meterRegistry) {
		meterRegistry.ifAvailable(registry -> new AwsRequestCounter(registry).countRequestsOf(builder));
	}
}
