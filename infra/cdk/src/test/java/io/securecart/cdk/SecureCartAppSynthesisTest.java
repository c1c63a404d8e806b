package io.securecart.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * {@code cdk synth}, in the build: the app writes a cloud assembly the CDK CLI would deploy, within CloudFormation's
 * limits.
 */
class SecureCartAppSynthesisTest {

	/** CloudFormation's limits for a template uploaded to S3 (as cdk deploy does) and its resources. */
	private static final long TEMPLATE_BYTES_LIMIT = 1_000_000;

	private static final int RESOURCES_LIMIT = 500;

	@Test
	void synthesizesBothStacksIntoACloudAssemblyWithinCloudFormationsLimits() throws IOException {
		CloudAssembly assembly = SynthesizedSecureCart.get().assembly;
		Path out = SynthesizedSecureCart.ASSEMBLY;

		assertThat(assembly.getStacks()).extracting(stack -> stack.getStackName())
			.containsExactlyInAnyOrder("SecureCartImages", "SecureCart");
		Path template = out.resolve("SecureCart.template.json");
		assertThat(template).exists();
		assertThat(Files.size(template)).isLessThan(TEMPLATE_BYTES_LIMIT);
		assertThat(SynthesizedSecureCart.get().resources).hasSizeLessThan(RESOURCES_LIMIT);
		assertThat(out.resolve("manifest.json")).exists();
	}

	@Test
	void synthesizesWithoutAWarningOrAnError() {
		var annotations = SynthesizedSecureCart.get().annotations;
		annotations.hasNoWarning("*", software.amazon.awscdk.assertions.Match.anyValue());
		annotations.hasNoError("*", software.amazon.awscdk.assertions.Match.anyValue());
	}

	@Test
	void theCliReadsTheCheckoutsTopologyWhichIsTheOneTheTestsAssertOn() {
		assertThat(java.nio.file.Files.isRegularFile(Declaration.FROM_CDK_DIRECTORY)).isTrue();
		assertThat(Declaration.forCli()).isEqualTo(SynthesizedSecureCart.DECLARATION);
		assertThat(SynthesizedSecureCart.DECLARATION.alarms()).isNotEmpty();
	}

	@Test
	void contextChoosesTheImageTagAndWhetherToCreateATrail() {
		software.amazon.awscdk.App app = new software.amazon.awscdk.App(software.amazon.awscdk.AppProps.builder()
			.context(java.util.Map.of(DeploymentSettings.IMAGE_TAG, "abc123", DeploymentSettings.CLOUD_TRAIL, "false"))
			.build());

		assertThat(DeploymentSettings.from(app.getNode())).isEqualTo(new DeploymentSettings("abc123", false));
	}
}
