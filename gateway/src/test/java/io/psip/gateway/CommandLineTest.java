package io.psip.gateway;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
  @Test
  void noArguments() {
    assertThat(CommandLine.parse()).isEqualTo(new CommandLine(null, false, false));
  }

  @Test
  void everyOption() {
    assertThat(CommandLine.parse("--conf", "conf/psip.json", "--cluster"))
        .isEqualTo(new CommandLine(Path.of("conf/psip.json"), true, false));
    assertThat(CommandLine.parse("--conf=/etc/psip.json").confFile()).isEqualTo(Path.of("/etc/psip.json"));
    assertThat(CommandLine.parse("--help").help()).isTrue();
  }

  @Test
  void mistakesAreOneLine() {
    assertThatThrownBy(() -> CommandLine.parse("--conf")).hasMessage("--conf needs a file name");
    assertThatThrownBy(() -> CommandLine.parse("--conf", "--cluster")).hasMessage("--conf needs a file name");
    assertThatThrownBy(() -> CommandLine.parse("--conf", "a", "--conf", "b")).hasMessage("--conf given twice");
    assertThatThrownBy(() -> CommandLine.parse("-cluster")).hasMessage("unknown option -cluster (try --help)");
  }
}
