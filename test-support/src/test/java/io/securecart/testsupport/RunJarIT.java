package io.securecart.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code infra/local/run-jar.sh}'s default startup cache (ADR 26): the JVM that found no class archive writes one when
 * it exits, and the next start maps it. Run on a copy of the provisioner's exec jar (a Spring Boot jar that the build
 * has packaged before this module's tests), whose {@code prometheus} command writes two files and exits.
 */
class RunJarIT {

	/** What a dynamic CDS archive starts with (HotSpot's {@code CDS_DYNAMIC_ARCHIVE_MAGIC}, little-endian). */
	private static final byte[] DYNAMIC_ARCHIVE_MAGIC = { (byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0 };

	@TempDir
	Path directory;

	private Path jar;

	@BeforeEach
	void copyTheProvisionersJar() throws IOException {
		Path built = RepositoryRoot.find().resolve("infra/provisioner/target/provisioner-exec.jar");
		assertThat(built).as("the provisioner's exec jar: build the provisioner module first").isRegularFile();
		jar = Files.copy(built, directory.resolve("provisioner-exec.jar"), StandardCopyOption.COPY_ATTRIBUTES);
	}

	@Test
	void theFirstRunWritesTheArchiveWhenItExitsAndTheNextMapsIt() throws Exception {
		assertThat(run()).contains("provisioner-exec starts without a startup cache")
			.contains("the JVM writes it when it stops");
		assertThat(head(archive().orElseThrow())).containsExactly(DYNAMIC_ARCHIVE_MAGIC);

		assertThat(run()).contains("provisioner-exec starts with its startup cache");
	}

	@Test
	void anArchiveWhoseHeaderWasNeverWrittenIsReplaced() throws Exception {
		run();
		Path archive = archive().orElseThrow();
		// As a JVM killed while it wrote the archive leaves it: the header comes last.
		archive.toFile().setWritable(true);
		try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
			file.write(new byte[4096]);
		}

		assertThat(run()).contains("starts without a startup cache");
		assertThat(head(archive().orElseThrow())).containsExactly(DYNAMIC_ARCHIVE_MAGIC);
		assertThat(run()).contains("starts with its startup cache");
	}

	@Test
	void onlyOneInstanceWritesTheArchive() throws Exception {
		run();
		Path archive = archive().orElseThrow();
		Files.delete(archive);
		// Another instance of the jar, running: it holds the writer's lock until it exits.
		Process other = new ProcessBuilder("flock", archive + ".writer", "-c", "echo locked; exec sleep 120")
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
			assertThat(output.readLine()).isEqualTo("locked");

			assertThat(run()).contains("starts without a startup cache (another instance of it writes it)");
			assertThat(archive()).isEmpty();
		}
		finally {
			other.destroyForcibly();
			other.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private String run() throws IOException, InterruptedException {
		Path output = Files.createTempFile(directory, "run-jar-", ".log");
		ProcessBuilder builder = new ProcessBuilder("bash", RepositoryRoot.find().resolve("infra/local/run-jar.sh").toString(),
				jar.toString(), "prometheus", directory.resolve("prometheus").toString(), "http://localhost:9/oauth2/token",
				"localhost:9")
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
		builder.environment().remove("SECURECART_STARTUP_CACHE");
		Process process = builder.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("run-jar.sh finished").isTrue();
		String text = Files.readString(output);
		assertThat(process.exitValue()).as(text).isZero();
		return text;
	}

	private Optional<Path> archive() throws IOException {
		try (Stream<Path> files = Files.list(directory.resolve("aot"))) {
			List<Path> archives = files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
			assertThat(archives).hasSizeLessThanOrEqualTo(1);
			return archives.stream().findFirst();
		}
	}

	private static byte[] head(Path archive) throws IOException {
		try (InputStream input = Files.newInputStream(archive)) {
			return input.readNBytes(DYNAMIC_ARCHIVE_MAGIC.length);
		}
	}
}
