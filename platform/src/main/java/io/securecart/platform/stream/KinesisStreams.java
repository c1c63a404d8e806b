package io.securecart.platform.stream;

import java.util.ArrayList;
import java.util.List;

import io.securecart.platform.messaging.AwsClientBuilders;
import io.securecart.platform.messaging.MissingTopologyException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Looks streams up, and never creates one: creating topology is the provisioner's job. */
public class KinesisStreams {

	private final KinesisClient kinesis;

	KinesisStreams(KinesisClient kinesis) {
		this.kinesis = kinesis;
	}

	/**
	 * The stream's shards, open and closed, parents before children ({@code ListShards}, every page).
	 * @throws MissingTopologyException when the stream does not exist (or cannot be read)
	 */
	public List<Shard> shards(String stream) {
		try {
			List<Shard> shards = new ArrayList<>();
			ListShardsResponse page = kinesis.listShards(request -> request.streamName(stream));
			shards.addAll(page.shards());
			while (page.nextToken() != null) {
				// With a token, ListShards takes no stream name: the token names it.
				String token = page.nextToken();
				page = kinesis.listShards(request -> request.nextToken(token));
				shards.addAll(page.shards());
			}
			return shards;
		}
		catch (RuntimeException ex) {
			throw new MissingTopologyException("Kinesis stream", stream, ex);
		}
	}

	/** @throws MissingTopologyException when the stream does not exist (or cannot be described) */
	public void require(String stream) {
		try {
			kinesis.describeStreamSummary(request -> request.streamName(stream)
				.overrideConfiguration(override -> override.apiCallTimeout(AwsClientBuilders.STARTUP_CALL_TIMEOUT)));
		}
		catch (RuntimeException ex) {
			throw new MissingTopologyException("Kinesis stream", stream, ex);
		}
	}
}
