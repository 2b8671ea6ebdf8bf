package io.chronicleledger.server.bank;

import java.util.ArrayList;
import java.util.List;

/** Every broken promise the checks found, in the order found; shared by every thread of the run. */
final class Violations {

    private static final int SHOWN = 50;

    private final List<String> found = new ArrayList<>();

    synchronized void add(String violation) {
        found.add(violation);
    }

    synchronized int count() {
        return found.size();
    }

    /** The first violations, one per line. */
    synchronized String describe() {
        List<String> shown = found.subList(0, Math.min(SHOWN, found.size()));
        return String.join("\n  ", shown) + (found.size() > SHOWN ? "\n  … and " + (found.size() - SHOWN)
                + " more" : "");
    }
}
