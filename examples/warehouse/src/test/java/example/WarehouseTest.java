package example;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WarehouseTest {

    @Test
    void movesReservesAndProjects() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Warehouse.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals("""
                move 4: 2 events
                move 9: OUT_OF_STOCK (6 on hand at chair@north)
                order-77 retried: 1 events, replayed
                on hand: {chair@north=6, chair@south=1}
                """, printed.toString(StandardCharsets.UTF_8));
    }
}
