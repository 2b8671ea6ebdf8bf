package io.chronicleledger.core;

import io.chronicleledger.core.ledger.AccountId;
import io.chronicleledger.core.ledger.CommandResult;
import io.chronicleledger.core.ledger.CreateAccount;
import io.chronicleledger.core.ledger.Description;
import io.chronicleledger.core.ledger.Ledger;
import io.chronicleledger.core.ledger.Money;
import io.chronicleledger.core.ledger.OwnerName;
import io.chronicleledger.core.ledger.Transfer;
import io.chronicleledger.core.ledger.Withdraw;
import io.chronicleledger.core.memory.InMemoryEventStore;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.core.memory.InMemorySnapshotStore;
import io.chronicleledger.core.projection.Projector;
import io.chronicleledger.core.projection.RebuildProgress;
import io.chronicleledger.core.store.EventStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the README's library example, and keeps the README, its example and its commands in sync. */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE =
            Path.of("src", "test", "java", "io", "chronicleledger", "core", "ReadmeExampleTest.java");

    private static void example() {
        // README:begin
        EventStore store = new InMemoryEventStore();
        Ledger ledger = Ledger.builder()
                .eventStore(store)
                .snapshotStore(new InMemorySnapshotStore())
                .build();

        AccountId john = AccountId.of("ACC-001");
        AccountId jane = AccountId.of("ACC-002");
        ledger.execute(new CreateAccount(john, OwnerName.of("John Doe"), Money.of("1000.00", "USD")));
        ledger.execute(new CreateAccount(jane, OwnerName.of("Jane Roe"), Money.of("0", "USD")));

        // A transfer appends to both accounts atomically; the key makes a retry harmless.
        Transfer payment = Transfer.of(john, jane, new BigDecimal("200.00"), Description.of("Payment"));
        CommandResult result = ledger.execute(payment, "payment-2026-0001");
        CommandResult retry = ledger.execute(payment, "payment-2026-0001");

        if (result instanceof CommandResult.Accepted accepted) {
            System.out.println("transfer " + accepted.transferId().orElseThrow()
                    + " recorded as " + accepted.events().size() + " events");
        }
        System.out.println("retry replayed: " + ((CommandResult.Accepted) retry).replayed());

        // Business rules are typed rejections, not exceptions.
        CommandResult overdraft = ledger.execute(Withdraw.of(jane, new BigDecimal("500.00"), Description.NONE));
        if (overdraft instanceof CommandResult.Rejected rejected) {
            System.out.println(rejected.rejection().code() + ": " + rejected.rejection().message());
        }

        // The read model is a projection of the store; it can be fed by a bus or rebuilt at any time.
        InMemoryLedgerReadModel readModel = new InMemoryLedgerReadModel();
        new Projector(readModel, store).rebuild(RebuildProgress.NONE);
        System.out.println("jane: " + readModel.account("ACC-002").orElseThrow().balance());

        // Time travel: the balance after John's first event, replayed from the store.
        System.out.println("john then: " + ledger.balanceAt(john, 1));
        // README:end
    }

    @Test
    @DisplayName("the README's example runs and prints what the README says")
    void exampleRunsAndPrintsWhatTheReadmeSays() throws IOException {
        List<String> printed = runCapturingOutput();

        List<String> documented = block(read(README), "It prints:\n\n```\n", "```");
        assertThat(printed).hasSameSizeAs(documented);
        for (int i = 0; i < printed.size(); i++) {
            String pattern = Pattern.quote(documented.get(i)).replace("…", "\\E.+\\Q");
            assertThat(printed.get(i)).as("printed line %d", i + 1).matches(pattern);
        }
    }

    @Test
    @DisplayName("the README shows exactly the example this test runs")
    void readmeShowsTheExampleThisTestRuns() throws IOException {
        String source = read(THIS_SOURCE);
        String example = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("        // README:end"));
        String dedented = example.lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n", "", "\n"));

        String readme = read(README);
        String marker = "<!-- example: chronicle-core/" + THIS_SOURCE.toString().replace('\\', '/') + " -->\n```java\n";
        assertThat(readme).contains(marker);
        String shown = readme.substring(readme.indexOf(marker) + marker.length());
        assertThat(shown.substring(0, shown.indexOf("```"))).isEqualTo(dedented);
    }

    @Test
    @DisplayName("the README shows the examples' code as it is between their example:begin and example:end")
    void readmeShowsTheExamplesCode() throws IOException {
        String readme = read(README);
        Matcher marker = Pattern.compile("<!-- example: (examples/\\S+) -->\n```java\n").matcher(readme);
        int shown = 0;
        while (marker.find()) {
            String source = read(Path.of("..", marker.group(1)));
            List<String> lines = block(source, "// example:begin\n", "// example:end");
            List<String> code = lines.subList(0, lines.size() - 1); // the end marker's own indentation
            int indent = code.stream().filter(line -> !line.isBlank())
                    .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
            String dedented = code.stream().map(line -> line.isBlank() ? "" : line.substring(indent))
                    .collect(Collectors.joining("\n", "", "\n"));
            String block = readme.substring(marker.end());
            assertThat(block.substring(0, block.indexOf("```"))).as("the README's block of %s", marker.group(1))
                    .isEqualTo(dedented);
            shown++;
        }
        assertThat(shown).as("examples shown in the README").isGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("the README's test command is the one CI runs")
    void readmeTestCommandIsTheOneCiRuns() throws IOException {
        List<String> ciCommands = read(Path.of("..", ".ci", "run")).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("set ")
                        && !line.startsWith("cd "))
                .toList();
        assertThat(ciCommands).hasSize(1);
        Matcher command = Pattern.compile("Run the tests:\n\n```sh\n(.+)\n```").matcher(read(README));
        assertThat(command.find()).as("the README has a 'Run the tests' command").isTrue();
        assertThat(command.group(1)).isEqualTo(ciCommands.get(0));
    }

    private static List<String> runCapturingOutput() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> block(String text, String start, String end) {
        String rest = text.substring(text.indexOf(start) + start.length());
        return rest.substring(0, rest.indexOf(end)).lines().toList();
    }

    private static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
