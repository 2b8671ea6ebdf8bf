package io.chronicleledger.store.cockroach;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** The forwarding call of the tests' JDBC proxies, which intercept some calls and pass the others on. */
final class Forwarding {

    private Forwarding() {
    }

    /**
     * Calls a method on the real object, throwing what it throws rather than an {@link InvocationTargetException}.
     *
     * @param target    the real object
     * @param method    the method
     * @param arguments its arguments, or {@code null}
     * @return what it returns
     * @throws Throwable what it throws
     */
    static Object call(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
