package io.securecart.cdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.securecart.provisioner.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The app synthesized once per test JVM (each synthesis starts the CDK's Node.js runtime and takes seconds), and
 * lookups into its CloudFormation template by the physical names the topology declares.
 */
final class SynthesizedSecureCart {

	private static final Logger log = LoggerFactory.getLogger(SynthesizedSecureCart.class);

	static final Declaration DECLARATION = Declaration.packaged();

	static final Topology TOPOLOGY = DECLARATION.topology();

	private static SynthesizedSecureCart instance;

	final Template template;

	final software.amazon.awscdk.assertions.Annotations annotations;

	final Map<String, Map<String, Object>> resources;

	/** Where the one synthesis writes its cloud assembly, as {@code cdk synth} writes cdk.out. */
	static final java.nio.file.Path ASSEMBLY = java.nio.file.Path.of("target", "cdk.out");

	final software.amazon.awscdk.cxapi.CloudAssembly assembly;

	private SynthesizedSecureCart() {
		long started = System.nanoTime();
		App app = new App(software.amazon.awscdk.AppProps.builder().outdir(ASSEMBLY.toString()).build());
		SecureCartStack stack = SecureCartApp.define(app, DECLARATION, DeploymentSettings.defaults());
		this.assembly = app.synth();
		// Reads the template of the synthesis above; no second run.
		this.template = Template.fromStack(stack);
		this.annotations = software.amazon.awscdk.assertions.Annotations.fromStack(stack);
		this.resources = castResources(template.toJSON());
		// What the synthesis costs the build (Node.js start included), for docs/aws.md's figures.
		log.info("infra/cdk: synthesized {} resources in {} ms", resources.size(),
				(System.nanoTime() - started) / 1_000_000);
	}

	static synchronized SynthesizedSecureCart get() {
		if (instance == null) {
			instance = new SynthesizedSecureCart();
		}
		return instance;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> castResources(Map<String, Object> json) {
		return (Map<String, Map<String, Object>>) json.get("Resources");
	}

	/** Resources of a CloudFormation type, by logical id. */
	Map<String, Map<String, Object>> ofType(String type) {
		Map<String, Map<String, Object>> found = new LinkedHashMap<>();
		resources.forEach((id, resource) -> {
			if (type.equals(resource.get("Type"))) {
				found.put(id, resource);
			}
		});
		return found;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> properties(Map<String, Object> resource) {
		return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
	}

	/** The logical id of the resource of {@code type} whose property {@code nameProperty} is {@code name}. */
	String logicalId(String type, String nameProperty, String name) {
		return findLogicalId(type, nameProperty, name)
			.orElseThrow(() -> new AssertionError("no " + type + " with " + nameProperty + " = " + name));
	}

	Optional<String> findLogicalId(String type, String nameProperty, String name) {
		return ofType(type).entrySet()
			.stream()
			.filter(entry -> name.equals(properties(entry.getValue()).get(nameProperty)))
			.map(Map.Entry::getKey)
			.findFirst();
	}

	/** The declared buckets (the claim check's), not the audit trail's: those with the declared expiration rule. */
	java.util.Set<String> declaredBucketIds() {
		return ofType("AWS::S3::Bucket").entrySet()
			.stream()
			.filter(entry -> String.valueOf(properties(entry.getValue()).get("LifecycleConfiguration"))
				.contains(io.securecart.provisioner.BucketProvisioner.EXPIRATION_RULE))
			.map(Map.Entry::getKey)
			.collect(java.util.stream.Collectors.toSet());
	}

	Map<String, Object> queue(String name) {
		return properties(resources.get(logicalId("AWS::SQS::Queue", "QueueName", name)));
	}

	String queueId(String name) {
		return logicalId("AWS::SQS::Queue", "QueueName", name);
	}

	/** The environment of a deployable's own container in its task definition. */
	@SuppressWarnings("unchecked")
	Map<String, Object> environmentOf(String service) {
		Map<String, Object> task = properties(
				resources.get(logicalId("AWS::ECS::TaskDefinition", "Family", "securecart-" + service)));
		Map<String, Object> container = ((List<Map<String, Object>>) task.get("ContainerDefinitions")).stream()
			.filter(definition -> service.equals(definition.get("Name")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> environment = new LinkedHashMap<>();
		((List<Map<String, Object>>) container.get("Environment"))
			.forEach(variable -> environment.put((String) variable.get("Name"), variable.get("Value")));
		return environment;
	}

	/** Every logical id a CloudFormation value refers to (Ref, Fn::GetAtt), at any depth; pseudo parameters not. */
	@SuppressWarnings("unchecked")
	static List<String> referencedIds(Object value) {
		List<String> ids = new ArrayList<>();
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, nested) -> {
				if ("Ref".equals(key) && nested instanceof String id && !id.startsWith("AWS::")) {
					ids.add(id);
				}
				else if ("Fn::GetAtt".equals(key) && nested instanceof List<?> attribute) {
					ids.add((String) attribute.get(0));
				}
				else {
					ids.addAll(referencedIds(nested));
				}
			});
		}
		else if (value instanceof List<?> list) {
			list.forEach(item -> ids.addAll(referencedIds(item)));
		}
		return ids;
	}

	@SuppressWarnings("unchecked")
	static List<Object> asList(Object value) {
		return value instanceof List<?> list ? (List<Object>) list : List.of(value);
	}
}
