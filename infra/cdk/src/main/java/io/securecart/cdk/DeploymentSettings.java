package io.securecart.cdk;

import software.constructs.Node;

/**
 * What a deployment chooses, from CDK context ({@code -c key=value} or cdk.json); everything else comes from the
 * topology and the service catalog.
 * @param imageTag tag of every service image in ECR (push them first: docs/aws.md)
 * @param cloudTrail whether the app creates a trail for the account's management events; {@code false} when the
 * account already has one (a prerequisite then)
 */
public record DeploymentSettings(String imageTag, boolean cloudTrail) {

	public static final String IMAGE_TAG = "imageTag";

	public static final String CLOUD_TRAIL = "cloudTrail";

	public static DeploymentSettings defaults() {
		return new DeploymentSettings("latest", true);
	}

	static DeploymentSettings from(Node context) {
		Object tag = context.tryGetContext(IMAGE_TAG);
		Object trail = context.tryGetContext(CLOUD_TRAIL);
		return new DeploymentSettings(tag == null ? defaults().imageTag() : tag.toString(),
				trail == null || Boolean.parseBoolean(trail.toString()));
	}
}
