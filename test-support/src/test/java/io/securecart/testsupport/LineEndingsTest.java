package io.securecart.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tracked script is checked out with LF line endings, whatever the checkout's {@code core.autocrlf}: Git for
 * Windows defaults to CRLF, which breaks {@code mvnw}, the launcher, {@code infra/local/*.sh} and the init scripts
 * that docker-compose.yml bind-mounts into Linux containers. Asks Git itself which attributes apply.
 */
class LineEndingsTest {

	private static final Path ROOT = RepositoryRoot.find();

	/** {@code git ls-files --stage --eol}: mode, object, stage, then "i/<index eol> w/<worktree eol> attr/<attrs>", tab, path. */
	private static final Pattern ENTRY = Pattern
		.compile("^(\\d{6}) \\S+ \\d\\s+i/(\\S*)\\s+w/(\\S*)\\s+attr/(.*?)\\s*\\t(.+)$");

	@Test
	void everyTrackedScriptIsCheckedOutWithLf() {
		List<TrackedFile> scripts = trackedFiles().stream().filter(TrackedFile::isScript).toList();

		assertThat(scripts).extracting(TrackedFile::path)
			.contains("mvnw", "securecart", "infra/local/postgres.sh", "infra/compose/postgres/primary-init.sh",
					"infra/compose/postgres/replica-entrypoint.sh");
		for (TrackedFile script : scripts) {
			assertThat(script.attributes()).as("the .gitattributes rules for %s (it must not get CRLF on Windows)",
					script.path()).contains("eol=lf");
			assertThat(script.indexEol()).as("line endings of %s as committed", script.path()).isNotEqualTo("crlf")
				.isNotEqualTo("mixed");
		}
	}

	private record TrackedFile(String mode, String indexEol, String attributes, String path) {

		/** Executable, a shell script by name, or starting with a shebang. */
		boolean isScript() {
			return mode.equals("100755") || path.endsWith(".sh") || startsWithShebang();
		}

		private boolean startsWithShebang() {
			Path file = ROOT.resolve(path);
			if (!Files.isRegularFile(file)) {
				return false;
			}
			try (InputStream in = Files.newInputStream(file)) {
				byte[] start = in.readNBytes(2);
				return start.length == 2 && start[0] == '#' && start[1] == '!';
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static List<TrackedFile> trackedFiles() {
		try {
			Process git = new ProcessBuilder("git", "-c", "core.quotePath=false", "ls-files", "--stage", "--eol")
				.directory(ROOT.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0)
				.as("git ls-files in %s (this test needs the Git checkout):%n%s", ROOT, output)
				.isTrue();
			return output.lines().map(line -> {
				Matcher entry = ENTRY.matcher(line);
				assertThat(entry.matches()).as("a line of git ls-files --stage --eol: %s", line).isTrue();
				return new TrackedFile(entry.group(1), entry.group(2), entry.group(4), entry.group(5));
			}).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
