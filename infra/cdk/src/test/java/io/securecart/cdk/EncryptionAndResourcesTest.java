package io.securecart.cdk;

import static io.securecart.cdk.SynthesizedSecureCart.TOPOLOGY;
import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.securecart.cdk.services.ServiceCatalog;
import io.securecart.cdk.services.ServiceCatalog.ServiceSpec;
import io.securecart.cdk.services.TaskPermissions;

/**
 * Encryption at rest everywhere the issue asks, scaling for every consumer, the replica and who is told about it,
 * and the rest of the footprint (two AZs, one service per deployable behind the load balancer, Cognito groups).
 */
class EncryptionAndResourcesTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void queuesTopicsAndDatabasesAreEncryptedWithCustomerManagedKeysThatRotate() {
		assertThat(app.ofType("AWS::SQS::Queue").values()).isNotEmpty()
			.allSatisfy(queue -> assertThat(properties(queue).get("KmsMasterKeyId")).isNotNull());
		assertThat(app.ofType("AWS::SNS::Topic").values()).isNotEmpty()
			.allSatisfy(topic -> assertThat(properties(topic).get("KmsMasterKeyId")).isNotNull());
		var databases = app.ofType("AWS::RDS::DBInstance");
		assertThat(databases).hasSize(2);
		databases.values().stream().map(SynthesizedSecureCart::properties).forEach(database -> {
			// A replica is encrypted with its source's key (CloudFormation refuses StorageEncrypted on it).
			Map<String, Object> encrypted = database.containsKey("SourceDBInstanceIdentifier")
					? properties(app.resources.get(
							SynthesizedSecureCart.referencedIds(database.get("SourceDBInstanceIdentifier")).get(0)))
					: database;
			assertThat(encrypted).containsEntry("StorageEncrypted", true).containsKey("KmsKeyId");
		});
		assertThat(app.ofType("AWS::KMS::Key").values())
			.allSatisfy(key -> assertThat(properties(key)).containsEntry("EnableKeyRotation", true));
	}

	@Test
	void queuesAcceptOnlyTlsAndLetTheirTopicAndTheBusDeliver() {
		String queuePolicies = String.valueOf(app.ofType("AWS::SQS::QueuePolicy").values());
		assertThat(queuePolicies).contains("aws:SecureTransport")
			.contains("sns.amazonaws.com")
			.contains("events.amazonaws.com");
		// Every subscribed queue, and every subscription DLQ, is in a policy that lets SNS send.
		for (var subscription : TOPOLOGY.subscriptions()) {
			for (String queue : List.of(subscription.queue(), subscription.deadLetter().name())) {
				assertThat(policiesOf(queue)).as(queue).contains("sns.amazonaws.com");
			}
		}
		TOPOLOGY.eventBuses().forEach(bus -> bus.rules().forEach(rule -> rule.targets().forEach(target -> {
			assertThat(policiesOf(target.queue())).as(target.queue()).contains("events.amazonaws.com");
			assertThat(policiesOf(target.deadLetterQueue())).as(target.deadLetterQueue()).contains("events.amazonaws.com");
		})));
	}

	@Test
	void everyConsumerScalesOnBacklogPerTaskOfAllItsQueues() {
		for (ServiceSpec service : ServiceCatalog.services()) {
			List<String> queues = TaskPermissions.consumedQueues(service, TOPOLOGY).stream().map(q -> q.name()).toList();
			var policy = app.findLogicalId("AWS::ApplicationAutoScaling::ScalingPolicy", "PolicyName",
					service.name() + "-backlog-per-task");
			if (queues.isEmpty()) {
				assertThat(policy).as(service.name() + " consumes nothing").isEmpty();
				continue;
			}
			assertThat(policy).as(service.name()).isPresent();
			@SuppressWarnings("unchecked")
			Map<String, Object> configuration = (Map<String, Object>) properties(app.resources.get(policy.get()))
				.get("TargetTrackingScalingPolicyConfiguration");
			assertThat(configuration).containsEntry("TargetValue", service.backlog().messagesPerTask() == Math
				.rint(service.backlog().messagesPerTask()) ? (Object) (int) service.backlog().messagesPerTask()
						: service.backlog().messagesPerTask());
			String metrics = String.valueOf(configuration.get("CustomizedMetricSpecification"));
			assertThat(metrics).contains("ApproximateNumberOfMessagesVisible").contains("RunningTaskCount");
			queues.forEach(queue -> assertThat(metrics).contains("Value=" + queue));
			String visibleSum = java.util.stream.IntStream.range(0, queues.size())
				.mapToObj(i -> "visible" + i)
				.collect(java.util.stream.Collectors.joining(" + ", "(", ") / tasks"));
			assertThat(metrics).contains(visibleSum);
			Map<String, Object> target = properties(app.resources.get(SynthesizedSecureCart
				.referencedIds(properties(app.resources.get(policy.get())).get("ScalingTargetId"))
				.get(0)));
			assertThat(target).containsEntry("MinCapacity", 1)
				.containsEntry("MaxCapacity", service.backlog().maxTasks())
				.containsEntry("ScalableDimension", "ecs:service:DesiredCount");
		}
	}

	@Test
	void theCatalogReplicaExistsAndOnlyInventoryIsGivenItsEndpoint() {
		var replicas = app.ofType("AWS::RDS::DBInstance")
			.entrySet()
			.stream()
			.filter(entry -> properties(entry.getValue()).containsKey("SourceDBInstanceIdentifier"))
			.toList();
		assertThat(replicas).hasSize(1);
		String replica = replicas.get(0).getKey();
		String primary = SynthesizedSecureCart
			.referencedIds(properties(replicas.get(0).getValue()).get("SourceDBInstanceIdentifier"))
			.get(0);
		assertThat(app.resources.get(primary).get("Type")).isEqualTo("AWS::RDS::DBInstance");

		for (ServiceSpec service : ServiceCatalog.services()) {
			Map<String, Object> environment = environmentOf(service.name());
			if (service.name().equals("inventory-service")) {
				assertThat(SynthesizedSecureCart.referencedIds(environment.get("DB_REPLICA_HOST")))
					.containsExactly(replica);
				assertThat(SynthesizedSecureCart.referencedIds(environment.get("DB_HOST"))).containsExactly(primary);
			}
			else {
				assertThat(environment).as(service.name()).doesNotContainKey("DB_REPLICA_HOST");
			}
		}
	}

	@Test
	void everyDeployableRunsOnFargateBehindTheLoadBalancerWithHealthChecksThatLeaveTheTopologyChecksOut() {
		assertThat(app.ofType("AWS::ECS::Service")).hasSize(ServiceCatalog.services().size());
		for (ServiceSpec service : ServiceCatalog.services()) {
			var group = app.ofType("AWS::ElasticLoadBalancingV2::TargetGroup")
				.values()
				.stream()
				.map(SynthesizedSecureCart::properties)
				.filter(properties -> Integer.valueOf(service.port()).equals(properties.get("Port")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no target group on port " + service.port()));
			// The platform's traffic group: a drifted rule or subscription must not take tasks out of rotation, as
			// a replacement could not start; the console has no platform, so no topology checks to leave out.
			assertThat(group).containsEntry("HealthCheckPath",
					service.name().equals("console") ? "/actuator/health" : "/actuator/health/traffic")
				.containsEntry("TargetType", "ip");
		}
		assertThat(app.ofType("AWS::ElasticLoadBalancingV2::Listener")).hasSize(ServiceCatalog.services().size());
		assertThat(app.ofType("AWS::EC2::Subnet")).hasSize(3 * 2);
		assertThat(app.ofType("AWS::Cognito::UserPoolGroup").values())
			.extracting(group -> properties(group).get("GroupName"))
			.contains("CUSTOMER", "ADMIN");
		assertThat(app.ofType("AWS::CloudTrail::Trail")).hasSize(1);
	}

	private String policiesOf(String queue) {
		String id = app.queueId(queue);
		return String.valueOf(app.ofType("AWS::SQS::QueuePolicy")
			.values()
			.stream()
			.filter(policy -> SynthesizedSecureCart.referencedIds(properties(policy).get("Queues")).contains(id))
			.toList());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> environmentOf(String service) {
		var task = properties(app.resources
			.get(app.logicalId("AWS::ECS::TaskDefinition", "Family", "securecart-" + service)));
		Map<String, Object> container = ((List<Map<String, Object>>) task.get("ContainerDefinitions")).stream()
			.filter(definition -> service.equals(definition.get("Name")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> environment = new java.util.LinkedHashMap<>();
		((List<Map<String, Object>>) container.get("Environment"))
			.forEach(variable -> environment.put((String) variable.get("Name"), variable.get("Value")));
		return environment;
	}
}
