package io.securecart.provisioner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * Makes the Kinesis streams match their declaration: creates a missing stream with its shards and waits until it is
 * active, and reconciles its retention; running it twice changes nothing. A stream whose shard count differs is
 * left alone and reported: resharding is an operation with consequences for its readers (docs/adr/0014), not a side
 * effect of provisioning.
 */
public class StreamProvisioner {

	private static final Logger log = LoggerFactory.getLogger(StreamProvisioner.class);

	private final KinesisClient kinesis;

	public StreamProvisioner(KinesisClient kinesis) {
		this.kinesis = kinesis;
	}

	/**
	 * The SDK speaks CBOR to Kinesis; moto answers only JSON. Call before building a Kinesis client for an emulator:
	 * turns CBOR off unless {@code aws.cborEnabled} or {@code CBOR_ENABLED} already says what to do (the SDK reads the
	 * setting when a client is built). Never called for AWS, which speaks both.
	 */
	public static void speakJsonToTheEmulator() {
		if (System.getProperty(SdkSystemSetting.CBOR_ENABLED.property()) == null
				&& System.getenv(SdkSystemSetting.CBOR_ENABLED.environmentVariable()) == null) {
			System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
		}
	}

	/** @return the ARN of every stream, by name */
	public Map<String, String> provision(List<Topology.StreamSpec> streams) {
		Map<String, String> provisioned = new LinkedHashMap<>();
		for (Topology.StreamSpec stream : streams) {
			provisioned.put(stream.name(), ensureStream(stream));
		}
		return provisioned;
	}

	private String ensureStream(Topology.StreamSpec spec) {
		StreamDescriptionSummary summary;
		try {
			summary = describe(spec.name());
			log.info("stream   {} exists", spec.name());
		}
		catch (ResourceNotFoundException ex) {
			kinesis.createStream(request -> request.streamName(spec.name()).shardCount(spec.shardCount()));
			kinesis.waiter().waitUntilStreamExists(request -> request.streamName(spec.name()));
			summary = describe(spec.name());
			log.info("stream   {} created, {} shards", spec.name(), spec.shardCount());
		}
		if (summary.openShardCount() != spec.shardCount()) {
			log.warn("stream   {} has {} open shards, {} declared: reshard it on purpose (UpdateShardCount), "
					+ "see docs/adr/0014", spec.name(), summary.openShardCount(), spec.shardCount());
		}
		int retention = summary.retentionPeriodHours();
		if (retention < spec.retentionHours()) {
			kinesis.increaseStreamRetentionPeriod(
					request -> request.streamName(spec.name()).retentionPeriodHours(spec.retentionHours()));
		}
		else if (retention > spec.retentionHours()) {
			kinesis.decreaseStreamRetentionPeriod(
					request -> request.streamName(spec.name()).retentionPeriodHours(spec.retentionHours()));
		}
		return summary.streamARN();
	}

	private StreamDescriptionSummary describe(String stream) {
		return kinesis.describeStreamSummary(request -> request.streamName(stream)).streamDescriptionSummary();
	}
}
