package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.DECLARATION;
import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.securecart.cdk.messaging.Messaging;
import io.securecart.cdk.services.ServiceCatalog;
import io.securecart.cdk.services.TaskPermissions;
import io.securecart.provisioner.Table;
import io.securecart.provisioner.Topology;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The declared DynamoDB tables, as the provisioner creates them locally plus point-in-time recovery, usable by their
 * consumer only; and encryption at rest of queues and topics exactly as the topology declares it.
 */
class TablesAndEncryptionAtRestTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void everyDeclaredTableHasItsKeysTimeToLiveOnDemandBillingEncryptionAndRecovery() {
		assertThat(DECLARATION.tables()).isNotEmpty();
		assertThat(app.ofType("AWS::DynamoDB::Table")).hasSize(DECLARATION.tables().size());
		for (Table table : DECLARATION.tables()) {
			app.template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
					"TableName", table.name(),
					"KeySchema", List.of(Map.of("AttributeName", table.partitionKey(), "KeyType", "HASH"),
							Map.of("AttributeName", table.sortKey(), "KeyType", "RANGE")),
					"AttributeDefinitions", Match.arrayWith(List.of(
							Map.of("AttributeName", table.partitionKey(), "AttributeType", "S"))),
					"BillingMode", "PAY_PER_REQUEST",
					"TimeToLiveSpecification", Map.of("AttributeName", table.timeToLiveAttribute(), "Enabled", true),
					"SSESpecification", Map.of("SSEEnabled", true),
					"PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
		}
	}

	@Test
	void onlyATablesConsumerMayUseItAndNeverScanIt() {
		String carts = app.logicalId("AWS::DynamoDB::Table", "TableName", "carts");
		for (var service : ServiceCatalog.services()) {
			String role = SynthesizedSecureCart.referencedIds(properties(app.resources
				.get(app.logicalId("AWS::ECS::TaskDefinition", "Family", "securecart-" + service.name())))
				.get("TaskRoleArn")).get(0);
			String policies = String.valueOf(app.ofType("AWS::IAM::Policy")
				.values()
				.stream()
				.map(SynthesizedSecureCart::properties)
				.filter(policy -> SynthesizedSecureCart.referencedIds(policy.get("Roles")).contains(role))
				.toList());
			boolean consumer = DECLARATION.tables().stream().anyMatch(table -> table.consumer().equals(service.name()));
			assertThat(policies.contains(carts)).as(service.name()).isEqualTo(consumer);
			assertThat(policies).as(service.name()).doesNotContain("dynamodb:Scan").doesNotContain("dynamodb:*");
			if (consumer) {
				assertThat(policies).contains(TaskPermissions.TABLE_ACTIONS);
			}
		}
	}

	@Test
	void queuesAndTopicsAreEncryptedWithTheMessagingKeyAsTheTopologyDeclares() {
		assertThat(TOPOLOGY.encryptionAtRest().queues()).isTrue();
		assertThat(TOPOLOGY.encryptionAtRest().topics()).isTrue();
		String key = app.logicalId("AWS::KMS::Key", "Description", "SSE-KMS of SecureCart's queues and topics");
		assertThat(TOPOLOGY.allQueueNames()).allSatisfy(queue -> assertThat(
				SynthesizedSecureCart.referencedIds(app.queue(queue).get("KmsMasterKeyId"))).as(queue).containsExactly(key));
		assertThat(TOPOLOGY.topics()).allSatisfy(topic -> assertThat(SynthesizedSecureCart.referencedIds(properties(
				app.resources.get(app.logicalId("AWS::SNS::Topic", "TopicName", topic.name()))).get("KmsMasterKeyId")))
			.as(topic.name())
			.containsExactly(key));
	}

	@Test
	void aTopologyThatDeclaresNoEncryptionGetsNoKeyOnQueuesOrTopics() {
		Topology unencrypted = new Topology(TOPOLOGY.topics(), TOPOLOGY.queues(), TOPOLOGY.subscriptions(),
				TOPOLOGY.eventBuses(), TOPOLOGY.stateMachines(), TOPOLOGY.buckets(), TOPOLOGY.streams(),
				new Topology.EncryptionAtRestSpec(null, false, false));
		Stack stack = new Stack(new App(), "Unencrypted");
		new Messaging(stack, "Messaging", unencrypted);

		Template template = Template.fromStack(stack);
		template.allResourcesProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", Match.absent(),
				"SqsManagedSseEnabled", false));
		template.allResourcesProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.absent()));
	}
}
