package io.securecart.platform.messaging;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The claim check's S3 client, configured like the SQS and SNS clients ({@code spring.cloud.aws.*}), and the
 * {@link ClaimCheck} that the relay and the listeners share (ADR 16).
 */
@AutoConfiguration(after = AwsClientsAutoConfiguration.class)
@EnableConfigurationProperties(ClaimCheckProperties.class)
public class ClaimCheckAutoConfiguration {

	/**
	 * Path-style addressing against an emulator ({@code spring.cloud.aws.endpoint}): a bucket as a host name
	 * ({@code bucket.127.0.0.1}) resolves nowhere. AWS gets virtual-hosted style, its default.
	 */
	@Bean
	@ConditionalOnMissingBean
	S3Client claimCheckS3Client(AwsClientBuilders clients, Environment environment) {
		S3ClientBuilder builder = clients.configure(S3Client.builder());
		if (environment.containsProperty("spring.cloud.aws.endpoint")) {
			builder.forcePathStyle(true);
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	ClaimCheck claimCheck(S3Client s3, ClaimCheckProperties properties) {
		return new ClaimCheck(s3, properties);
	}
}
