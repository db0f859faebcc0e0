package io.concordia.clearing.console;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The value of a console session cookie, to be resolved to a person. */
public class ConsoleSessionRequest extends BaseAuthenticationRequest {

    private final String cookieValue;

    public ConsoleSessionRequest(String cookieValue) {
        this.cookieValue = cookieValue;
    }

    public String cookieValue() {
        return cookieValue;
    }
}
