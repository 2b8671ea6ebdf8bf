package io.chronicleledger.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

class ProbeTest {
    @Test
    void probe() {
        try (RunningServer s = RunningServer.start()) {
            String a = s.createAccount("P", "100.00");
            String[][] posts = {
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":1e999999}"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":-1e999999}"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":1e-999999}"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":NaN}"},
                {"/commands/create-account", "{\"account_id\":\"X1\",\"owner_name\":\"a\",\"initial_balance\":1,\"currency\":\"XAU\"}"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":\"1\",\"amount\":\"2\"}"},
                {"/commands/deposit", ""},
                {"/commands/deposit", "[]"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":1} trailing"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":1}{}"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":1, \"description\": \"\\u0000\"}"},
                {"/commands/deposit", "{\"account_id\":\"" + a + "\",\"amount\":1, \"description\": \"\\ud800\"}"},
            };
            for (String[] p : posts) {
                System.out.println("PROBE " + p[1] + " => " + safe(s, s.ledgerPort(), "POST", p[0], p[1].getBytes(StandardCharsets.UTF_8), "application/json"));
            }
            System.out.println("PROBE no ct => " + safe(s, s.ledgerPort(), "POST", "/commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(StandardCharsets.UTF_8), null));
            System.out.println("PROBE text ct => " + safe(s, s.ledgerPort(), "POST", "/commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(StandardCharsets.UTF_8), "text/plain"));
            System.out.println("PROBE json charset ct => " + safe(s, s.ledgerPort(), "POST", "/commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8"));
            System.out.println("PROBE big => " + safe(s, s.ledgerPort(), "POST", "/commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1,\"description\":\"" + "x".repeat(70000) + "\"}").getBytes(StandardCharsets.UTF_8), "application/json"));
            System.out.println("PROBE GET cmd => " + safe(s, s.ledgerPort(), "GET", "/commands/deposit", null, null));
            System.out.println("PROBE DELETE q => " + safe(s, s.queryPort(), "DELETE", "/accounts/" + a, null, null));
            System.out.println("PROBE POST q => " + safe(s, s.queryPort(), "POST", "/accounts/" + a, "{}".getBytes(), "application/json"));
            System.out.println("PROBE cmd on q => " + safe(s, s.queryPort(), "POST", "/commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(), "application/json"));
            System.out.println("PROBE //cmd on q => " + safe(s, s.queryPort(), "POST", "//commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(), "application/json"));
            System.out.println("PROBE /./cmd on q => " + safe(s, s.queryPort(), "POST", "/commands/../commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(), "application/json"));
            System.out.println("PROBE %63 on q => " + safe(s, s.queryPort(), "POST", "/%63ommands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(), "application/json"));
            System.out.println("PROBE /commands/deposit/ on q => " + safe(s, s.queryPort(), "POST", "/commands/deposit/", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(), "application/json"));
            System.out.println("PROBE query on l => " + safe(s, s.ledgerPort(), "GET", "/accounts/" + a, null, null));
            System.out.println("PROBE //accounts on l => " + safe(s, s.ledgerPort(), "GET", "//accounts/" + a, null, null));
            System.out.println("PROBE health l => " + safe(s, s.ledgerPort(), "GET", "/health", null, null));
            System.out.println("PROBE health/ q => " + safe(s, s.queryPort(), "GET", "/health/", null, null));
            System.out.println("PROBE %ZZ => " + safe(s, s.queryPort(), "GET", "/accounts/%ZZ", null, null));
            System.out.println("PROBE %20 => " + safe(s, s.queryPort(), "GET", "/accounts/%20", null, null));
            System.out.println("PROBE limit dup => " + safe(s, s.queryPort(), "GET", "/accounts?limit=1&limit=2", null, null));
            System.out.println("PROBE events acc empty => " + safe(s, s.queryPort(), "GET", "/events?account_id=", null, null));
            System.out.println("PROBE events limit 1001 => " + safe(s, s.queryPort(), "GET", "/events?limit=1001", null, null));
            System.out.println("PROBE events after huge => " + safe(s, s.queryPort(), "GET", "/events?after=99999999999999999999", null, null));
            System.out.println("PROBE bal ts+ => " + safe(s, s.queryPort(), "GET", "/accounts/" + a + "/balance-at?timestamp=2030-01-01T00:00:00%2B02:00", null, null));
            System.out.println("PROBE bal ts big => " + safe(s, s.queryPort(), "GET", "/accounts/" + a + "/balance-at?timestamp=%2B999999999-12-31T23:59:59Z", null, null));
            System.out.println("PROBE bal ts neg => " + safe(s, s.queryPort(), "GET", "/accounts/" + a + "/balance-at?timestamp=-999999999-01-01T00:00:00Z", null, null));
            System.out.println("PROBE bal ver huge => " + safe(s, s.queryPort(), "GET", "/accounts/" + a + "/balance-at?version=9223372036854775807", null, null));
            System.out.println("PROBE tx before 0 => " + safe(s, s.queryPort(), "GET", "/accounts/" + a + "/transactions?before=0", null, null));
            System.out.println("PROBE key empty => " + safe(s, s.ledgerPort(), "POST", "/commands/deposit", ("{\"account_id\":\"" + a + "\",\"amount\":1}").getBytes(), "application/json", Map.of("Idempotency-Key", "")));
            System.out.println("PROBE HEAD => " + safe(s, s.queryPort(), "HEAD", "/accounts/" + a, null, null));
            System.out.println("PROBE OPTIONS => " + safe(s, s.ledgerPort(), "OPTIONS", "/commands/deposit", null, null));
        }
    }

    static String safe(RunningServer s, int port, String m, String path, byte[] body, String ct) {
        return safe(s, port, m, path, body, ct, Map.of());
    }
    static String safe(RunningServer s, int port, String m, String path, byte[] body, String ct, Map<String, String> h) {
        try {
            return s.send(port, m, path, body, ct, h).toString();
        } catch (Throwable t) {
            return "FAILED " + t.toString().replace('\n', ' ');
        }
    }
}
