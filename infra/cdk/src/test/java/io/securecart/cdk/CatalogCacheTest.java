package io.securecart.cdk;

import java.util.List;
import java.util.Map;

import io.securecart.cdk.database.CatalogCache;
import io.securecart.cdk.services.ServiceCatalog;
import io.securecart.cdk.services.ServiceCatalog.ServiceSpec;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import static io.securecart.cdk.SynthesizedSecureCart.properties;
import static io.securecart.cdk.SynthesizedSecureCart.referencedIds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog's shared cache on AWS (ADR 13): one small ElastiCache for Redis OSS replication group, encrypted, with
 * failover, that only inventory-service can reach and only inventory-service is told about.
 */
class CatalogCacheTest {

	private final SynthesizedSecureCart app = SynthesizedSecureCart.get();

	@Test
	void oneSmallEncryptedRedis7ReplicationGroupWithFailoverInTheIsolatedSubnets() {
		app.template.resourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
		app.template.hasResourceProperties("AWS::ElastiCache::ReplicationGroup",
				Map.of("Engine", "redis", "EngineVersion", Match.stringLikeRegexp("^7\\..*"), "CacheNodeType",
						CatalogCache.NODE_TYPE, "NumCacheClusters", 2, "AutomaticFailoverEnabled", true,
						"MultiAZEnabled", true, "AtRestEncryptionEnabled", true, "TransitEncryptionEnabled", true,
						"Port", CatalogCache.PORT));
		Map<String, Object> group = properties(app.ofType("AWS::ElastiCache::ReplicationGroup").values().iterator().next());
		Map<String, Object> subnets = properties(
				app.resources.get(referencedIds(group.get("CacheSubnetGroupName")).get(0)));
		List<String> isolated = app.ofType("AWS::EC2::Subnet")
			.entrySet()
			.stream()
			.filter(subnet -> String.valueOf(subnet.getValue()).contains("aws-cdk:subnet-name, Value=databases"))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(isolated).hasSize(2);
		assertThat(referencedIds(subnets.get("SubnetIds"))).containsExactlyInAnyOrderElementsOf(isolated);
	}

	@Test
	void onlyInventoryReachesItAndIsGivenItsEndpointWithTls() {
		Map<String, Object> group = properties(app.ofType("AWS::ElastiCache::ReplicationGroup").values().iterator().next());
		String cacheGroup = referencedIds(group.get("SecurityGroupIds")).get(0);
		String groupId = app.ofType("AWS::ElastiCache::ReplicationGroup").keySet().iterator().next();

		var ingress = app.ofType("AWS::EC2::SecurityGroupIngress")
			.values()
			.stream()
			.map(SynthesizedSecureCart::properties)
			.filter(rule -> referencedIds(rule.get("GroupId")).contains(cacheGroup))
			.toList();
		assertThat(ingress).singleElement().satisfies(rule -> {
			assertThat(rule).containsEntry("FromPort", CatalogCache.PORT).containsEntry("ToPort", CatalogCache.PORT);
			assertThat(String.valueOf(rule.get("Description"))).contains("inventory-service");
		});
		String source = referencedIds(ingress.get(0).get("SourceSecurityGroupId")).get(0);
		assertThat(String.valueOf(app.resources.get(source))).contains("inventory-service: its port");

		for (ServiceSpec service : ServiceCatalog.services()) {
			Map<String, Object> environment = app.environmentOf(service.name());
			if (service.name().equals("inventory-service")) {
				assertThat(referencedIds(environment.get("REDIS_HOST"))).containsExactly(groupId);
				assertThat(String.valueOf(environment.get("REDIS_HOST"))).contains("PrimaryEndPoint.Address");
				assertThat(referencedIds(environment.get("REDIS_PORT"))).containsExactly(groupId);
				assertThat(environment).containsEntry("REDIS_TLS", "true");
			}
			else {
				assertThat(environment).as(service.name()).doesNotContainKeys("REDIS_HOST", "REDIS_PORT", "REDIS_TLS");
			}
		}
	}
}
