package io.concordia.clearing.console;

/** Which paths are the console's, and which of them are open without a session. */
final class ConsolePaths {

    static final String ROOT = "/console";
    static final String SIGN_IN = ROOT + "/sign-in";
    static final String STATIC = ROOT + "/static/";

    private ConsolePaths() {
    }

    static boolean isConsole(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }

    static boolean isOpen(String path) {
        return path.equals(SIGN_IN) || path.startsWith(STATIC);
    }
}
