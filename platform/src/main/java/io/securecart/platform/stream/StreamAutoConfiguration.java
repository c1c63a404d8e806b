package io.securecart.platform.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.securecart.platform.messaging.AwsClientBuilders;
import io.securecart.platform.messaging.AwsClientsAutoConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.services.kinesis.KinesisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Kinesis Data Streams: the client, configured like Spring Cloud AWS's SQS and SNS clients (endpoint, region,
 * credentials from {@code spring.cloud.aws.*}; Spring Cloud AWS 4.1.0's Kinesis module is not served), and the
 * customer activity producer of a service that sets {@code securecart.activity.stream}.
 */
@AutoConfiguration(after = AwsClientsAutoConfiguration.class)
@EnableConfigurationProperties(ActivityStreamProperties.class)
public class StreamAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(StreamAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	KinesisClient kinesisClient(AwsClientBuilders clients, Environment environment) {
		String endpoint = environment.getProperty("spring.cloud.aws.endpoint");
		if (jsonOnEmulator(endpoint)) {
			log.info("Kinesis on an emulator ({}): JSON instead of CBOR", endpoint);
		}
		return clients.configure(KinesisClient.builder()).build();
	}

	/**
	 * The SDK speaks CBOR to Kinesis; moto answers only JSON. Against an emulator endpoint, and unless
	 * {@code aws.cborEnabled} or {@code CBOR_ENABLED} says otherwise, this turns CBOR off for the clients built
	 * afterwards (the SDK reads the setting when a client is built). On AWS (no endpoint) nothing changes.
	 * @return whether CBOR is now off
	 */
	public static boolean jsonOnEmulator(String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			return false;
		}
		if (System.getProperty(SdkSystemSetting.CBOR_ENABLED.property()) == null
				&& System.getenv(SdkSystemSetting.CBOR_ENABLED.environmentVariable()) == null) {
			System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
		}
		return !SdkSystemSetting.CBOR_ENABLED.getBooleanValueOrThrow();
	}

	@Bean
	@ConditionalOnMissingBean
	KinesisStreams kinesisStreams(KinesisClient kinesis) {
		return new KinesisStreams(kinesis);
	}

	@Bean
	@ConditionalOnMissingBean(CustomerActivityStream.class)
	@ConditionalOnProperty("securecart.activity.stream")
	KinesisCustomerActivityStream customerActivityStream(KinesisClient kinesis, KinesisStreams streams,
			ActivityStreamProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
		return new KinesisCustomerActivityStream(kinesis, streams, properties,
				meterRegistry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
	}
}
