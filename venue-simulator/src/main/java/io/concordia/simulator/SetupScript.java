package io.concordia.simulator;

import java.util.List;

/**
 * The operator's curl calls that create in Concordia what the simulated venues need: the venues, the harmonized
 * product and each venue's instrument (symbol → product, contract size), and with an option chain each option product
 * (kind {@code OPTION}, strike, right, expiry) and each option venue's instrument of it. The accounts must exist too;
 * they are listed as a reminder, since a member's code cannot be derived from an account code.
 */
public final class SetupScript {

    private SetupScript() {}

    /**
     * A bash script of curl calls against {@code $CONCORDIA_API} (default {@code apiUrl}) with the operator token
     * of {@code data/operator.jwt}.
     */
    public static String curl(
            String apiUrl, List<VenueSpec> venues, String product, String underlying, List<String> accounts) {
        return curl(apiUrl, venues, product, underlying, accounts, null, List.of());
    }

    /**
     * As {@link #curl(String, List, String, String, List)}, plus the products of {@code chain} (none if null) and
     * their instruments on each of {@code optionVenues}, whose symbol is the product's.
     */
    public static String curl(
            String apiUrl,
            List<VenueSpec> venues,
            String product,
            String underlying,
            List<String> accounts,
            OptionChain chain,
            List<OptionVenue> optionVenues) {
        StringBuilder out = new StringBuilder();
        out.append(
                "# Concordia reference data for the venue simulator: run from the directory holding data/operator.jwt\n");
        out.append("API=\"${CONCORDIA_API:-").append(apiUrl).append("}\"\n");
        out.append("OP=\"Authorization: Bearer $(cat data/operator.jwt)\"\n");
        out.append("JSON='Content-Type: application/json'\n");
        for (VenueSpec venue : venues) {
            post(
                    out,
                    "/api/v1/admin/venues",
                    new Json.ObjectWriter()
                            .field("code", venue.code())
                            .field("name", "Simulated " + venue.code())
                            .toString());
        }
        post(
                out,
                "/api/v1/admin/products",
                new Json.ObjectWriter()
                        .field("symbol", product)
                        .field("underlying", underlying)
                        .field("kind", "PERPETUAL")
                        .toString());
        for (VenueSpec venue : venues) {
            post(
                    out,
                    "/api/v1/admin/venues/" + venue.code() + "/instruments",
                    new Json.ObjectWriter()
                            .field("symbol", venue.symbol())
                            .field("product", product)
                            .field("contractSize", venue.contractSize().toPlainString())
                            .toString());
        }
        if (chain != null) {
            for (ListedOption option : chain.options()) {
                post(
                        out,
                        "/api/v1/admin/products",
                        new Json.ObjectWriter()
                                .field("symbol", option.symbol())
                                .field("underlying", option.underlying())
                                .field("kind", "OPTION")
                                .field("strike", option.strike().toPlainString())
                                .field("right", option.right().name())
                                .field("expiresAt", option.expiry().toString())
                                .toString());
            }
            for (OptionVenue venue : optionVenues) {
                for (ListedOption option : chain.options()) {
                    post(
                            out,
                            "/api/v1/admin/venues/" + venue.code() + "/instruments",
                            new Json.ObjectWriter()
                                    .field("symbol", option.symbol())
                                    .field("product", option.symbol())
                                    .field("contractSize", venue.contractSize().toPlainString())
                                    .toString());
                }
            }
        }
        if (!accounts.isEmpty()) {
            out.append(
                    "# the trades are between these accounts, which must exist (POST /api/v1/admin/members/{member}/accounts):\n");
            out.append("#   ").append(String.join(", ", accounts)).append('\n');
        }
        return out.toString();
    }

    private static void post(StringBuilder out, String path, String json) {
        out.append("curl -s -w '\\n' -X POST \"$API")
                .append(path)
                .append("\" -H \"$OP\" -H \"$JSON\" -d ")
                .append(shellQuote(json))
                .append('\n');
    }

    /** {@code value} in single quotes for bash, a single quote inside written as {@code '"'"'}. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
