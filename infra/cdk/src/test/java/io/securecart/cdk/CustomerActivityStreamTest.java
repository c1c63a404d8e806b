package io.securecart.cdk;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;

/** The stream of infra/topology.json, as the provisioner makes it on the emulators, encrypted at rest on AWS. */
class CustomerActivityStreamTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void theDeclaredStreamHasItsShardsAndRetentionAndIsEncrypted() {
		// The name is contracts' MessagingNames.CUSTOMER_ACTIVITY_STREAM (the provisioner's DeclaredTopologyTest).
		var declared = TOPOLOGY.stream("customer-activity").orElseThrow();
		app.template.resourceCountIs("AWS::Kinesis::Stream", TOPOLOGY.streams().size());
		app.template.hasResourceProperties("AWS::Kinesis::Stream",
				Map.of("Name", declared.name(), "ShardCount", declared.shardCount(), "RetentionPeriodHours",
						declared.retentionHours(), "StreamEncryption",
						Map.of("EncryptionType", "KMS", "KeyId", "alias/aws/kinesis")));
	}
}
