package example;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbeddedLedgerTest {

    @Test
    void movesTheRentOnce() {
        assertEquals("retry replayed: true\nalice: 40.00 EUR\nbob: 60.00 EUR\n", output(EmbeddedLedger::main));
    }

    static String output(java.util.function.Consumer<String[]> main) {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            main.accept(new String[0]);
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
