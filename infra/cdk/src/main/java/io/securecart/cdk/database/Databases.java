package io.securecart.cdk.database;

import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * RDS PostgreSQL 15 (as locally): one primary holding every service's own database, and a read replica that serves
 * inventory's catalog reads. Encrypted with a customer managed key; the credentials live in Secrets Manager. And the
 * catalog's shared cache in front of the replica ({@link CatalogCache}, ElastiCache for Redis OSS).
 */
public class Databases extends Construct {

	public static final String MASTER_USER = "securecart";

	public static final int PORT = 5432;

	private final DatabaseInstance primary;

	private final DatabaseInstanceReadReplica catalogReplica;

	private final SecurityGroup securityGroup;

	private final CatalogCache catalogCache;

	public Databases(Construct scope, String id, Vpc vpc) {
		super(scope, id);
		Key key = Key.Builder.create(this, "Key")
			.alias("alias/securecart-database")
			.description("Storage encryption of SecureCart's databases")
			.enableKeyRotation(true)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(vpc)
			.description("PostgreSQL, reachable from the services only")
			.allowAllOutbound(false)
			.build();
		software.amazon.awscdk.services.rds.IInstanceEngine engine = DatabaseInstanceEngine
			.postgres(PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_15).build());
		SubnetSelection isolated = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
		this.primary = DatabaseInstance.Builder.create(this, "Primary")
			.engine(engine)
			.instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MICRO))
			.vpc(vpc)
			.vpcSubnets(isolated)
			.securityGroups(java.util.List.of(securityGroup))
			.credentials(Credentials.fromGeneratedSecret(MASTER_USER))
			.allocatedStorage(20)
			.storageType(StorageType.GP3)
			.storageEncrypted(true)
			.storageEncryptionKey(key)
			// A read replica needs automated backups on its source.
			.backupRetention(Duration.days(7))
			.multiAz(false)
			.deletionProtection(false)
			.removalPolicy(RemovalPolicy.SNAPSHOT)
			.build();
		this.catalogReplica = DatabaseInstanceReadReplica.Builder.create(this, "CatalogReplica")
			.sourceDatabaseInstance(primary)
			.instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MICRO))
			.vpc(vpc)
			.vpcSubnets(isolated)
			.securityGroups(java.util.List.of(securityGroup))
			// Encrypted with the primary's key: a replica of an encrypted instance is encrypted, and may not say so.
			// As locally: long catalog reads on the replica are not cancelled by vacuum on the primary.
			.parameterGroup(ParameterGroup.Builder.create(this, "ReplicaParameters")
				.engine(engine)
				.parameters(Map.of("hot_standby_feedback", "1"))
				.build())
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		this.catalogCache = new CatalogCache(this, "CatalogCache", vpc);
	}

	public CatalogCache catalogCache() {
		return catalogCache;
	}

	public DatabaseInstance primary() {
		return primary;
	}

	public DatabaseInstanceReadReplica catalogReplica() {
		return catalogReplica;
	}

	public ISecret credentials() {
		return primary.getSecret();
	}

	public SecurityGroup securityGroup() {
		return securityGroup;
	}
}
