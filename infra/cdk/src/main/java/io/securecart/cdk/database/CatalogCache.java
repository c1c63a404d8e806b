package io.securecart.cdk.database;

import java.util.List;

import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.constructs.Construct;

/**
 * ElastiCache for Redis OSS: inventory's shared catalog cache (ADR 13), the same Redis 7 as locally. A primary and
 * one replica in the other availability zone with automatic failover, cluster mode off (one endpoint, as the
 * service's standalone client expects), in the isolated subnets; encrypted at rest and in transit (the service
 * connects with TLS: {@code REDIS_TLS}). Nothing is persisted: a cache that restarts empty costs database reads, not
 * data. Reachable on {@value #PORT} from inventory-service's tasks only ({@code Services}).
 */
public class CatalogCache extends Construct {

	public static final int PORT = 6379;

	/** The smallest Graviton node: the catalog's hot products are a few MB. */
	public static final String NODE_TYPE = "cache.t4g.micro";

	public static final String ENGINE_VERSION = "7.1";

	private final CfnReplicationGroup replicationGroup;

	private final SecurityGroup securityGroup;

	public CatalogCache(Construct scope, String id, Vpc vpc) {
		super(scope, id);
		this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(vpc)
			.description("Redis (the catalog cache), reachable from inventory-service only")
			.allowAllOutbound(false)
			.build();
		CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "Subnets")
			.description("SecureCart's catalog cache: the isolated subnets")
			.subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
				.getSubnetIds())
			.build();
		this.replicationGroup = CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
			.replicationGroupDescription("SecureCart catalog cache (inventory-service's product lookups)")
			.engine("redis")
			.engineVersion(ENGINE_VERSION)
			.cacheNodeType(NODE_TYPE)
			.numCacheClusters(2)
			.automaticFailoverEnabled(true)
			.multiAzEnabled(true)
			.port(PORT)
			.cacheSubnetGroupName(subnets.getRef())
			.securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
			.atRestEncryptionEnabled(true)
			.transitEncryptionEnabled(true)
			.snapshotRetentionLimit(0)
			.build();
	}

	/** The primary's address, which follows a failover. */
	public String endpointAddress() {
		return replicationGroup.getAttrPrimaryEndPointAddress();
	}

	public String endpointPort() {
		return replicationGroup.getAttrPrimaryEndPointPort();
	}

	public SecurityGroup securityGroup() {
		return securityGroup;
	}
}
