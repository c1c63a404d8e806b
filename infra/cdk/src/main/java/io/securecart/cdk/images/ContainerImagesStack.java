package io.securecart.cdk.images;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.constructs.Construct;

import io.securecart.cdk.services.ServiceCatalog;

/**
 * One ECR repository per image ({@code securecart/<service>}), in a stack of its own: deployed before the system so
 * that images are there when the services start (docs/aws.md, "How images reach ECR").
 */
public class ContainerImagesStack extends Stack {

	public static final String REPOSITORY_PREFIX = "securecart/";

	public ContainerImagesStack(Construct scope, String id, StackProps props) {
		super(scope, id, props);
		for (var service : ServiceCatalog.services()) {
			Repository.Builder.create(this, service.name())
				.repositoryName(REPOSITORY_PREFIX + service.name())
				.imageScanOnPush(true)
				.lifecycleRules(java.util.List.of(LifecycleRule.builder().maxImageCount(10).build()))
				.removalPolicy(RemovalPolicy.DESTROY)
				.emptyOnDelete(true)
				.build();
		}
	}
}
