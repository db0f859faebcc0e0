package io.concordia.simulator;

import java.util.List;

/**
 * The operator's curl calls that create in Concordia what the simulated venues need: the venues, the harmonized
 * product and each venue's instrument (symbol → product, contract size). The accounts must exist too; they are
 * listed as a reminder, since a member's code cannot be derived from an account code.
 */
public final class SetupScript {

    private SetupScript() {
    }

    /**
     * A bash script of curl calls against {@code $CONCORDIA_API} (default {@code apiUrl}) with the operator token
     * of {@code data/operator.jwt}.
     */
    public static String curl(String apiUrl, List<VenueSpec> venues, String product, String underlying,
                              List<String> accounts) {
        StringBuilder out = new StringBuilder();
        out.append("# Concordia reference data for the venue simulator: run from the directory holding data/operator.jwt\n");
        out.append("API=\"${CONCORDIA_API:-").append(apiUrl).append("}\"\n");
        out.append("OP=\"Authorization: Bearer $(cat data/operator.jwt)\"\n");
        out.append("JSON='Content-Type: application/json'\n");
        for (VenueSpec venue : venues) {
            post(out, "/api/v1/admin/venues", new Json.ObjectWriter()
                    .field("code", venue.code()).field("name", "Simulated " + venue.code()).toString());
        }
        post(out, "/api/v1/admin/products", new Json.ObjectWriter()
                .field("symbol", product).field("underlying", underlying).field("kind", "PERPETUAL").toString());
        for (VenueSpec venue : venues) {
            post(out, "/api/v1/admin/venues/" + venue.code() + "/instruments", new Json.ObjectWriter()
                    .field("symbol", venue.symbol()).field("product", product)
                    .field("contractSize", venue.contractSize().toPlainString()).toString());
        }
        if (!accounts.isEmpty()) {
            out.append("# the trades are between these accounts, which must exist (POST /api/v1/admin/members/{member}/accounts):\n");
            out.append("#   ").append(String.join(", ", accounts)).append('\n');
        }
        return out.toString();
    }

    private static void post(StringBuilder out, String path, String json) {
        out.append("curl -s -w '\\n' -X POST \"$API").append(path).append("\" -H \"$OP\" -H \"$JSON\" -d ")
                .append(shellQuote(json)).append('\n');
    }

    /** {@code value} in single quotes for bash, a single quote inside written as {@code '"'"'}. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
