package io.securecart.labs;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedOutputTest {

	@Test
	void anEllipsisInALineStandsForIdsAndTimes() {
		ExpectedOutput expected = ExpectedOutput.of("order ... accepted in ... ms\n");

		assertThat(expected.mismatch("order 3f2a accepted in 12 ms\n")).isEmpty();
		assertThat(expected.mismatch("order 3f2a refused in 12 ms\n")).isPresent();
	}

	@Test
	void aLineOfOnlyAnEllipsisStandsForAnyNumberOfLines() {
		ExpectedOutput expected = ExpectedOutput.of("first\n...\nlast\n");

		assertThat(expected.mismatch("first\nlast")).isEmpty();
		assertThat(expected.mismatch("first\na\nb\nlast")).isEmpty();
		assertThat(expected.mismatch("first\na\nb\nlast\nmore")).isPresent();
	}

	@Test
	void everyOtherLineMustBeThere() {
		ExpectedOutput expected = ExpectedOutput.of("5\n\n0  \n");

		assertThat(expected.mismatch("5\n0\n")).isEmpty();
		assertThat(expected.mismatch("5\n")).hasValueSatisfying(why -> assertThat(why).contains("expected:"));
		assertThat(expected.mismatch("5\n1\n")).isPresent();
		assertThat(expected.mismatch("5.0\n0\n")).as("a dot is literal").isPresent();
	}

	@Test
	void aLabIsItsRunnableBlocksEachWithTheOutputThatFollowsIt() {
		LabText lab = LabText.parse(Path.of("lab.md"), """
				# A lab
				```bash
				echo not run: no 'lab' in the info string
				```
				```bash lab
				echo one
				```
				```text expected
				one
				```
				```bash lab
				echo two
				```
				""");

		assertThat(lab.steps()).hasSize(2);
		assertThat(lab.steps().get(0).commands()).isEqualTo("echo one\n");
		assertThat(lab.steps().get(0).expected().lines()).containsExactly("one");
		assertThat(lab.steps().get(0).line()).isEqualTo(5);
		assertThat(lab.steps().get(1).expected()).isNull();
	}
}
