package io.securecart.cdk.services;

import java.util.ArrayList;
import java.util.List;

import io.securecart.cdk.services.ServiceCatalog.BacklogTarget;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.ICluster;
import software.constructs.Construct;

/**
 * Target tracking on backlog per task: (visible messages of every queue the service consumes) / (its running tasks),
 * as CloudWatch metric math, held at {@link BacklogTarget#messagesPerTask()}. Running tasks come from Container
 * Insights. AWS's recommended way to scale SQS consumers; the target's derivation is in docs/aws.md.
 */
final class BacklogScaling {

	static final String VISIBLE_MESSAGES = "ApproximateNumberOfMessagesVisible";

	static final String RUNNING_TASKS = "RunningTaskCount";

	private BacklogScaling() {
	}

	static void attach(Construct scope, String serviceName, ICluster cluster, FargateService service,
			List<String> queueNames, BacklogTarget target) {
		ScalableTarget scalable = ScalableTarget.Builder.create(scope, "ScalableTarget")
			.serviceNamespace(ServiceNamespace.ECS)
			.resourceId("service/" + cluster.getClusterName() + "/" + service.getServiceName())
			.scalableDimension("ecs:service:DesiredCount")
			.minCapacity(BacklogTarget.MIN_TASKS)
			.maxCapacity(target.maxTasks())
			.build();
		List<Object> queries = new ArrayList<>();
		List<String> visible = new ArrayList<>();
		for (int i = 0; i < queueNames.size(); i++) {
			String id = "visible" + i;
			visible.add(id);
			queries.add(metric(id, "AWS/SQS", VISIBLE_MESSAGES, List.of(dimension("QueueName", queueNames.get(i)))));
		}
		queries.add(metric("tasks", "ECS/ContainerInsights", RUNNING_TASKS,
				List.of(dimension("ClusterName", cluster.getClusterName()),
						dimension("ServiceName", service.getServiceName()))));
		queries.add(CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
			.id("backlogPerTask")
			.label("Visible messages per running task")
			// As in AWS's example for SQS consumers; the minimum of one task keeps the divisor above zero.
			.expression("(" + String.join(" + ", visible) + ") / tasks")
			.returnData(true)
			.build());
		CfnScalingPolicy.Builder.create(scope, "BacklogPerTask")
			.policyName(serviceName + "-backlog-per-task")
			.policyType("TargetTrackingScaling")
			.scalingTargetId(scalable.getScalableTargetId())
			.targetTrackingScalingPolicyConfiguration(
					CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
						.targetValue(target.messagesPerTask())
						.scaleOutCooldown(60)
						.scaleInCooldown(300)
						.customizedMetricSpecification(CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
							.metrics(queries)
							.build())
						.build())
			.build();
	}

	private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty metric(String id, String namespace,
			String name, List<Object> dimensions) {
		return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
			.id(id)
			.returnData(false)
			.metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
				.stat("Average")
				.metric(CfnScalingPolicy.TargetTrackingMetricProperty.builder()
					.namespace(namespace)
					.metricName(name)
					.dimensions(dimensions)
					.build())
				.build())
			.build();
	}

	private static Object dimension(String name, String value) {
		return CfnScalingPolicy.TargetTrackingMetricDimensionProperty.builder().name(name).value(value).build();
	}
}
