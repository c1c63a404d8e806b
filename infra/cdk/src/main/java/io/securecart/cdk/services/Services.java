package io.securecart.cdk.services;

import java.util.List;
import java.util.Map;

import io.securecart.cdk.DeploymentSettings;
import io.securecart.cdk.database.CatalogCache;
import io.securecart.cdk.database.Databases;
import io.securecart.cdk.identity.Identity;
import io.securecart.cdk.images.ContainerImagesStack;
import io.securecart.cdk.messaging.Messaging;
import io.securecart.cdk.observability.TelemetryCollector;
import io.securecart.cdk.services.ServiceCatalog.ServiceSpec;
import io.securecart.provisioner.Topology;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Every deployable of the {@link ServiceCatalog} on ECS Fargate: a task with the service, an OpenTelemetry collector
 * sidecar and (for a service with a database) a one-shot container that creates its database if missing; a task role
 * of its own ({@link TaskPermissions}); a listener on its port of the shared Application Load Balancer, healthy when
 * the platform's {@code traffic} health group is ({@link #healthPath}); and, for each consumer, target tracking on
 * backlog per task ({@link BacklogScaling}).
 */
public class Services extends Construct {

	public static final String HEALTH_PATH = "/actuator/health";

	/**
	 * The platform's {@code traffic} health group: all of {@link #HEALTH_PATH} but the topology checks. A rule or
	 * subscription that drifted stops events, not requests, and a replacement task refuses to start on it, so a load
	 * balancer that read the whole health would take every task out of rotation and ECS replace them with none
	 * (ADR 11). {@code /actuator/health} still reports the drift DOWN to operators.
	 */
	public static final String TRAFFIC_HEALTH_PATH = "/actuator/health/traffic";

	/** The database-setup container's image: the same PostgreSQL as locally, from ECR Public's Docker library. */
	public static final String POSTGRES_CLIENT_IMAGE = "public.ecr.aws/docker/library/postgres:15.19-bookworm";

	private final ApplicationLoadBalancer loadBalancer;

	public Services(Construct scope, String id, Vpc vpc, Topology topology, Messaging messaging, Databases databases,
			Identity identity, DeploymentSettings settings, io.securecart.cdk.data.Tables tables) {
		super(scope, id);
		Cluster cluster = Cluster.Builder.create(this, "Cluster")
			.clusterName("securecart")
			.vpc(vpc)
			// RunningTaskCount, the divisor of backlog per task, is a Container Insights metric.
			.containerInsightsV2(ContainerInsights.ENABLED)
			.build();
		SecurityGroup loadBalancerGroup = SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
			.vpc(vpc)
			.description("The load balancer: the port of each service, from anywhere")
			.build();
		this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
			.loadBalancerName("securecart")
			.vpc(vpc)
			.internetFacing(true)
			.securityGroup(loadBalancerGroup)
			.build();
		LogGroup metricsLogGroup = LogGroup.Builder.create(this, "MetricsLogGroup")
			.logGroupName(io.securecart.cdk.observability.CustomMetrics.LOG_GROUP)
			.retention(RetentionDays.ONE_WEEK)
			.removalPolicy(RemovalPolicy.DESTROY)
			.build();
		String baseUrl = "http://" + loadBalancer.getLoadBalancerDnsName();
		for (ServiceSpec service : ServiceCatalog.services()) {
			Construct serviceScope = new Construct(this, service.name());
			SecurityGroup serviceGroup = SecurityGroup.Builder.create(serviceScope, "SecurityGroup")
				.vpc(vpc)
				.description(service.name() + ": its port from the load balancer only")
				.build();
			serviceGroup.addIngressRule(loadBalancerGroup, Port.tcp(service.port()), "from the load balancer");
			loadBalancerGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(service.port()), service.name());
			if (service.database() != null) {
				databases.securityGroup().addIngressRule(serviceGroup, Port.tcp(Databases.PORT), service.name());
			}
			if (service.readsCatalogReplica()) {
				databases.catalogCache()
					.securityGroup()
					.addIngressRule(serviceGroup, Port.tcp(CatalogCache.PORT), service.name());
			}
			Role taskRole = Role.Builder.create(serviceScope, "TaskRole")
				.description(service.name() + ": its own queues, topics, buses and state machines, nothing else")
				.assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
				.build();
			TaskPermissions.statements(service, topology, messaging, metricsLogGroup).forEach(taskRole::addToPolicy);
			TaskPermissions.tableStatements(tables.consumedBy(service.name())).forEach(taskRole::addToPolicy);
			FargateTaskDefinition task = FargateTaskDefinition.Builder.create(serviceScope, "Task")
				.family("securecart-" + service.name())
				.cpu(512)
				.memoryLimitMiB(1024)
				.runtimePlatform(RuntimePlatform.builder()
					.cpuArchitecture(CpuArchitecture.X86_64)
					.operatingSystemFamily(OperatingSystemFamily.LINUX)
					.build())
				.taskRole(taskRole)
				.build();
			LogGroup logGroup = LogGroup.Builder.create(serviceScope, "LogGroup")
				.logGroupName("/securecart/" + service.name())
				.retention(RetentionDays.ONE_MONTH)
				.removalPolicy(RemovalPolicy.DESTROY)
				.build();
			ContainerDefinition app = task.addContainer("app", ContainerDefinitionOptions.builder()
				.containerName(service.name())
				.image(ContainerImage.fromEcrRepository(
						Repository.fromRepositoryName(serviceScope, "Repository",
								ContainerImagesStack.REPOSITORY_PREFIX + service.name()),
						settings.imageTag()))
				.essential(true)
				.portMappings(List.of(PortMapping.builder().containerPort(service.port()).build()))
				.environment(ServiceEnvironment.of(service, Stack.of(this).getRegion(), baseUrl, databases, identity))
				.secrets(ServiceEnvironment.secrets(service, databases, identity))
				.logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix("app").build()))
				.build());
			if (service.hasOutbox() || !TaskPermissions.consumedQueues(service, topology).isEmpty()
					|| !service.publishes().stateMachines().isEmpty()) {
				// The claim check's bucket, named by CloudFormation (S3 names are global).
				topology.buckets()
					.forEach(bucket -> app.addEnvironment("SECURECART_MESSAGING_CLAIM_CHECK_BUCKET",
							messaging.bucket(bucket.name()).getBucketName()));
			}
			task.addContainer("otel-collector", ContainerDefinitionOptions.builder()
				.containerName("otel-collector")
				.image(ContainerImage.fromRegistry(TelemetryCollector.IMAGE))
				// Traces and metrics are lost while it restarts; the service keeps serving.
				.essential(false)
				.memoryReservationMiB(64)
				.environment(Map.of("AOT_CONFIG_CONTENT", TelemetryCollector.configuration()))
				.logging(LogDrivers.awsLogs(AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix("otel").build()))
				.build());
			if (service.database() != null) {
				ContainerDefinition setup = task.addContainer("database-setup", ContainerDefinitionOptions.builder()
					.containerName("database-setup")
					.image(ContainerImage.fromRegistry(POSTGRES_CLIENT_IMAGE))
					.essential(false)
					.memoryReservationMiB(32)
					.command(List.of("sh", "-c", createDatabaseIfMissing(service.database())))
					.environment(Map.of("PGHOST", databases.primary().getDbInstanceEndpointAddress(), "PGPORT",
							databases.primary().getDbInstanceEndpointPort(), "PGDATABASE", "postgres", "PGSSLMODE",
							"require"))
					.secrets(Map.of("PGUSER", Secret.fromSecretsManager(databases.credentials(), "username"),
							"PGPASSWORD", Secret.fromSecretsManager(databases.credentials(), "password")))
					.logging(LogDrivers.awsLogs(
							AwsLogDriverProps.builder().logGroup(logGroup).streamPrefix("database-setup").build()))
					.build());
				app.addContainerDependencies(ContainerDependency.builder()
					.container(setup)
					.condition(ContainerDependencyCondition.SUCCESS)
					.build());
			}
			FargateService fargate = FargateService.Builder.create(serviceScope, "Service")
				.serviceName(service.name())
				.cluster(cluster)
				.taskDefinition(task)
				.desiredCount(1)
				// A deployment starts the new task before it stops the old one: never below the desired count.
				.minHealthyPercent(100)
				.maxHealthyPercent(200)
				.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
				.securityGroups(List.of(serviceGroup))
				.circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
				// Spring Boot and its listeners take a while on 0.5 vCPU; health checks before that do not count.
				.healthCheckGracePeriod(Duration.seconds(180))
				.build();
			ApplicationListener listener = loadBalancer.addListener(service.name(),
					BaseApplicationListenerProps.builder()
						.port(service.port())
						.protocol(ApplicationProtocol.HTTP)
						.open(false)
						.build());
			listener.addTargets(service.name(), AddApplicationTargetsProps.builder()
				.port(service.port())
				.protocol(ApplicationProtocol.HTTP)
				.targets(List.of(fargate))
				.deregistrationDelay(Duration.seconds(30))
				.healthCheck(HealthCheck.builder()
					.path(healthPath(service))
					.healthyHttpCodes("200")
					.interval(Duration.seconds(15))
					.healthyThresholdCount(2)
					.unhealthyThresholdCount(3)
					.build())
				.build());
			List<String> consumedQueues = TaskPermissions.consumedQueues(service, topology)
				.stream()
				.map(Topology.QueueSpec::name)
				.toList();
			if (!consumedQueues.isEmpty()) {
				if (service.backlog() == null) {
					throw new IllegalStateException(service.name() + " consumes " + consumedQueues
							+ " but declares no backlog target in ServiceCatalog");
				}
				BacklogScaling.attach(serviceScope, service.name(), cluster, fargate, consumedQueues,
						service.backlog());
			}
		}
	}

	/** The console is not built on the platform: it has no topology checks and no traffic group. */
	static String healthPath(ServiceCatalog.ServiceSpec service) {
		return "console".equals(service.name()) ? HEALTH_PATH : TRAFFIC_HEALTH_PATH;
	}

	/** Idempotent, and safe when two tasks start at once: the loser finds the database the winner created. */
	static String createDatabaseIfMissing(String database) {
		String exists = "psql -Atc \"select 1 from pg_database where datname = '" + database + "'\" | grep -q 1";
		return exists + " || createdb " + database + " || " + exists;
	}

	public ApplicationLoadBalancer loadBalancer() {
		return loadBalancer;
	}
}
