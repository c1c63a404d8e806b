package io.securecart.console.ops;

import java.net.URI;
import java.util.Map;

import io.securecart.console.api.ConsoleProperties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;

class AwsClientsTest {

	private final ConsoleProperties properties = new ConsoleProperties(Map.of("checkout", URI.create("http://x")),
			URI.create("http://zipkin"), URI.create("http://localhost:5000"), "fulfillment", null);

	@Test
	void everyCallOfTheConsolesClientsEndsWithinTheCallTimeout() {
		// The region comes from the default chain, as where the console runs; a build machine may set none.
		String region = System.getProperty(SdkSystemSetting.AWS_REGION.property());
		System.setProperty(SdkSystemSetting.AWS_REGION.property(), "us-east-1");
		try (SqsClient sqs = new AwsClients().sqsClient(properties);
				SfnClient sfn = new AwsClients().sfnClient(properties)) {
			assertThat(sqs.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
				.hasValue(AwsClients.CALL_TIMEOUT);
			assertThat(sfn.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
				.hasValue(AwsClients.CALL_TIMEOUT);
		}
		finally {
			if (region == null) {
				System.clearProperty(SdkSystemSetting.AWS_REGION.property());
			}
			else {
				System.setProperty(SdkSystemSetting.AWS_REGION.property(), region);
			}
		}
	}
}
