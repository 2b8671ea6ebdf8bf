package io.chronicleledger.bus.nats.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The NATS subject of each event: the design document's names for the ledger, snake case for the rest. */
@DisplayName("Subjects name each event events.<aggregate>.<event>")
class SubjectsTest {

    /** What a subject token may hold: lower-case ASCII letters, digits, '-' and '_', never empty. */
    private static final String TOKEN = "[a-z0-9_-]+";

    private final Subjects subjects = new Subjects("events");

    @Nested
    @DisplayName("the ledger's events")
    class LedgerEvents {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "AccountCreated,   events.account.created",
                "MoneyDeposited,   events.account.deposited",
                "MoneyWithdrawn,   events.account.withdrawn",
                "TransferSent,     events.account.transfer_sent",
                "TransferReceived, events.account.transfer_received"})
        @DisplayName("an Account event has the subject of the design document")
        void designSubjects(String eventType, String subject) {
            assertThat(subjects.of("Account", eventType)).isEqualTo(subject);
        }

        @Test
        @DisplayName("any other event of an Account takes the snake case of its type")
        void otherAccountEvent() {
            assertThat(subjects.of("Account", "AccountFrozen")).isEqualTo("events.account.account_frozen");
        }

        @Test
        @DisplayName("a ledger event name on another aggregate is not renamed")
        void ledgerNamesOnlyForAccounts() {
            assertThat(subjects.of("Wallet", "MoneyDeposited")).isEqualTo("events.wallet.money_deposited");
        }

        @Test
        @DisplayName("every subject is inside the stream's events.> and its dead letters inside dead.events.>")
        void wildcards() {
            assertThat(subjects.allEvents()).isEqualTo("events.>");
            assertThat(subjects.allDead()).isEqualTo("dead.events.>");
            assertThat(Subjects.DEAD + subjects.of("Account", "MoneyDeposited"))
                    .isEqualTo("dead.events.account.deposited");
        }

        @Test
        @DisplayName("another prefix takes the place of events everywhere")
        void otherPrefix() {
            Subjects tenant = new Subjects("acme.ledger");
            assertThat(tenant.of("Account", "MoneyDeposited")).isEqualTo("acme.ledger.account.deposited");
            assertThat(tenant.allEvents()).isEqualTo("acme.ledger.>");
            assertThat(tenant.allDead()).isEqualTo("dead.acme.ledger.>");
        }
    }

    @Nested
    @DisplayName("other aggregates")
    class OtherAggregates {

        @ParameterizedTest(name = "{0}/{1} -> {2}")
        @CsvSource({
                "Order,        OrderPlaced,      events.order.order_placed",
                "ShoppingCart, ItemAdded,        events.shopping_cart.item_added",
                "Client,       HTTPRequestSent,  events.client.http_request_sent",
                "Client,       RequestSentHTTP,  events.client.request_sent_http",
                "XMLDocument,  Parsed,           events.xml_document.parsed",
                "Order2,       Line3Added,       events.order2.line3_added",
                "order,        placed,           events.order.placed",
                "order_line,   item-removed,     events.order_line.item-removed"})
        @DisplayName("the aggregate and the event each become one lower snake case token")
        void snakeCase(String aggregateType, String eventType, String subject) {
            assertThat(subjects.of(aggregateType, eventType)).isEqualTo(subject);
        }

        @Test
        @DisplayName("the same names give the same subject every time")
        void stable() {
            String first = subjects.of("ShoppingCart", "ItemAdded");
            assertThat(subjects.of("ShoppingCart", "ItemAdded")).isSameAs(first);
            assertThat(new Subjects("events").of("ShoppingCart", "ItemAdded")).isEqualTo(first);
        }
    }

    @Nested
    @DisplayName("odd characters")
    class OddCharacters {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"Order.Placed", "Order Placed", "Order*", "Order>", "*", ">", ".", " ", "a.b.c",
                "Tab\tPlaced", "Line\nBreak", "Ünïcödé", "ÄpfelGekauft", "Ｆｕｌｌｗｉｄｔｈ", "emoji😀", "$SYS"})
        @DisplayName("never leak into a subject token: it stays three tokens of ASCII letters, digits, - and _")
        void neverLeak(String name) {
            String subject = subjects.of(name, name);

            assertThat(subject.split("\\.", -1)).hasSize(3).satisfies(tokens -> {
                assertThat(tokens[0]).isEqualTo("events");
                assertThat(tokens[1]).matches(TOKEN);
                assertThat(tokens[2]).matches(TOKEN);
            });
        }

        @Test
        @DisplayName("an empty name still makes a token")
        void emptyName() {
            assertThat(subjects.of("", "")).isEqualTo("events._._");
        }

        @Test
        @DisplayName("a dot or a wildcard becomes an underscore")
        void replaced() {
            assertThat(subjects.of("Order", "Order.Placed")).isEqualTo("events.order.order_placed");
            assertThat(subjects.of("Order*", "Placed>")).isEqualTo("events.order_.placed_");
        }
    }
}
