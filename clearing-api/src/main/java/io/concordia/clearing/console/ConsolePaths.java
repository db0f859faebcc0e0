package io.concordia.clearing.console;

/** Which paths are the console's, and which of them are open without a session. */
final class ConsolePaths {

    static final String ROOT = "/console";
    static final String SIGN_IN = ROOT + "/sign-in";
    /** Where the identity provider's code flow begins and ends: its mechanism, not a console session, guards it. */
    static final String SIGN_IN_OIDC = SIGN_IN + "/oidc";

    static final String STATIC = ROOT + "/static/";

    private ConsolePaths() {}

    static boolean isConsole(String path) {
        return path != null && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    }

    static boolean isOpen(String path) {
        return path.equals(SIGN_IN) || path.equals(SIGN_IN_OIDC) || path.startsWith(STATIC);
    }
}
