package io.enlace.internal.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reports an exception thrown by application code (a handler, a listener, a middleware) that nobody handled: logged
 * at WARN, or, when no SLF4J binding is on the class path (every log call would vanish), printed once to stderr, the
 * first time with a line saying how to add a binding. After {@link #MAX_PRINTED} printed errors, further ones are
 * counted but not printed (a client able to make a handler fail must not flood stderr).
 */
final class HandlerErrors {
    static final int MAX_PRINTED = 100;
    private static final HandlerErrors INSTANCE = new HandlerErrors(
            LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory, System.err);

    private final boolean noBinding;
    private final PrintStream err;
    private final AtomicInteger printed = new AtomicInteger();

    HandlerErrors(boolean noBinding, PrintStream err) {
        this.noBinding = noBinding;
        this.err = err;
    }

    /** Reports {@code error}: {@code log.warn(message, error)}, or stderr without a binding. */
    static void report(Logger log, String message, Throwable error) { INSTANCE.doReport(log, message, error); }

    void doReport(Logger log, String message, Throwable error) {
        if (!noBinding) {
            log.warn(message, error);
            return;
        }
        int n = printed.incrementAndGet();
        if (n > MAX_PRINTED) return;
        synchronized (err) {
            if (n == 1) {
                err.println("[enlace] No SLF4J binding on the class path: Enlace's log is off, so errors thrown by "
                        + "handlers are printed here. Add a binding to see every log line, e.g. the dependency "
                        + "org.slf4j:slf4j-simple (same version as slf4j-api).");
            }
            err.println("[enlace] WARN " + log.getName() + " - " + message);
            error.printStackTrace(err);
            if (n == MAX_PRINTED) {
                err.println("[enlace] " + MAX_PRINTED + " handler errors printed; further ones are not (add an SLF4J binding)");
            }
        }
    }
}
