package io.securecart.inventory.recommendation;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where the activity stream's consumer is in each shard, in inventory's database, written in the transaction that
 * applies the records up to it.
 */
@Component
class ShardCheckpoints {

	private final JdbcClient jdbc;

	ShardCheckpoints(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The sequence number of the last record applied, if any was. */
	Optional<String> lastApplied(String stream, String shard) {
		return jdbc.sql("""
				select sequence_number::text from activity_checkpoint
				where stream_name = :stream and shard_id = :shard and sequence_number > 0
				""").param("stream", stream).param("shard", shard).query(String.class).optional();
	}

	boolean finished(String stream, String shard) {
		return jdbc.sql("""
				select shard_finished from activity_checkpoint where stream_name = :stream and shard_id = :shard
				""").param("stream", stream).param("shard", shard).query(Boolean.class).optional().orElse(false);
	}

	/** Never backwards: a late or concurrent writer with an older position leaves the newer one. */
	void advance(String stream, String shard, String sequenceNumber, Instant now) {
		jdbc.sql("""
				insert into activity_checkpoint (stream_name, shard_id, sequence_number, updated_at)
				values (:stream, :shard, cast(:sequence as numeric), :now)
				on conflict (stream_name, shard_id) do update
				set sequence_number = greatest(activity_checkpoint.sequence_number, excluded.sequence_number),
				    updated_at = excluded.updated_at
				""")
			.param("stream", stream)
			.param("shard", shard)
			.param("sequence", sequenceNumber)
			.param("now", java.sql.Timestamp.from(now))
			.update();
	}

	/** The shard was closed (resharding) and every record of it is applied: its children may be read. */
	void finish(String stream, String shard, Instant now) {
		jdbc.sql("""
				insert into activity_checkpoint (stream_name, shard_id, sequence_number, shard_finished, updated_at)
				values (:stream, :shard, 0, true, :now)
				on conflict (stream_name, shard_id) do update set shard_finished = true, updated_at = excluded.updated_at
				""").param("stream", stream).param("shard", shard).param("now", java.sql.Timestamp.from(now)).update();
	}

	/** Keeps a record that cannot be applied, to be seen; the checkpoint moves past it in the same transaction. */
	void reject(String stream, String shard, String sequenceNumber, byte[] data, String error, Instant now) {
		jdbc.sql("""
				insert into activity_rejected_record (stream_name, shard_id, sequence_number, data, error, rejected_at)
				values (:stream, :shard, cast(:sequence as numeric), :data, :error, :now)
				on conflict do nothing
				""")
			.param("stream", stream)
			.param("shard", shard)
			.param("sequence", sequenceNumber)
			.param("data", data)
			.param("error", error.length() <= 1000 ? error : error.substring(0, 1000))
			.param("now", java.sql.Timestamp.from(now))
			.update();
	}
}
