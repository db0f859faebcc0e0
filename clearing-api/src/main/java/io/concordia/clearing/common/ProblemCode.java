package io.concordia.clearing.common;

/**
 * Every {@code code} a problem+json answer can carry, with the HTTP status it comes with. A client branches on the
 * code, never on the detail text, so a code once published keeps its name and meaning; docs/contracts.md lists this
 * catalogue and a test keeps the two equal.
 */
public enum ProblemCode {

    // 400: the request itself is malformed
    BAD_REQUEST(400, "the request is malformed in a way no more specific code names (a URL that is not well-formed)"),
    MALFORMED_JSON(400, "the body is not valid JSON"),
    DUPLICATE_KEY(400, "a key appears more than once in one JSON object"),
    UNKNOWN_PROPERTY(400, "the body has a property the endpoint does not know"),
    VALIDATION_FAILED(400, "a field is missing or breaks its declared constraint; the detail names each"),
    INVALID_VALUE(400, "a field has a value of the wrong type or outside its allowed set"),
    INVALID_CHARACTER(400, "a text field contains a control or otherwise unprintable character"),
    INVALID_PARAMETER(400, "a query or path parameter is not of the expected form"),
    INVALID_PAGE(400, "the page number is negative"),
    INVALID_PAGE_SIZE(400, "the page size or limit is outside 1 to 1,000"),
    INVALID_TRADE(400, "a what-if trade has no product or a zero quantity"),
    INVALID_BID(400, "an auction bid gives neither one price nor prices by product, or both"),
    INVALID_SCENARIO_SET_ID(400, "a scenario set id is not 1 to 64 letters, digits, dots, underscores or dashes"),
    INVALID_SCENARIO_PARAMETERS(400, "the parameters of a scenario set upload are not usable by the model"),
    INVALID_SCHEDULE(400, "a margin schedule is not well-formed"),

    // 401 and 403: who is asking
    UNAUTHENTICATED(401, "no valid bearer token was presented"),
    TOKEN_REVOKED(401, "the bearer token, or the person behind a console session, was revoked"),
    SIGN_IN_CODE_INVALID(401, "a console sign-in code is unknown, spent or expired"),
    FORBIDDEN(403, "the caller's roles do not allow this, or a member token names no member"),
    ROLE_NOT_GRANTABLE(403, "the token-admin role is never minted"),

    // 404, 405, 406, 413, 415: the framework's refusals
    NOT_FOUND(404, "no such resource, or another member's: the two are not told apart"),
    METHOD_NOT_ALLOWED(405, "the resource does not accept this method"),
    NOT_ACCEPTABLE(406, "the resource cannot answer in the media type asked for"),
    PAYLOAD_TOO_LARGE(413, "the body is larger than the endpoint accepts"),
    UNSUPPORTED_MEDIA_TYPE(415, "the body's media type is not JSON where JSON is expected"),

    // 409: the request conflicts with the state of what it names
    DUPLICATE_ASSET(409, "an asset with this code exists"),
    DUPLICATE_VENUE(409, "a venue with this code exists"),
    DUPLICATE_PRODUCT(409, "a product with this symbol exists"),
    DUPLICATE_INSTRUMENT(409, "the venue already maps this symbol"),
    DUPLICATE_MEMBER(409, "a member with this code exists"),
    DUPLICATE_ACCOUNT(409, "an account with this code exists"),
    INVALID_STATUS(409, "the member is not in the status the transition starts from"),
    MEMBER_DEFAULTED(409, "the member is in default"),
    MEMBER_NOT_ACTIVE(409, "the receiving member of a port is not active"),
    ACCOUNT_CLOSED(409, "the account is closed"),
    ACCOUNT_NOT_OPEN(409, "the account is not open"),
    ACCOUNT_NOT_FROZEN(409, "only a frozen account of a defaulter is ported"),
    ACCOUNT_NOT_ISOLATED(409, "the account does not margin in isolated mode, so it has no buckets"),
    NOT_A_CLIENT_ACCOUNT(409, "only client accounts are ported"),
    REFERENCE_REUSED(409, "an idempotency reference was used before for a different booking"),
    WITHDRAWAL_DECIDED(409, "the withdrawal was approved or rejected already"),
    MINTING_DISABLED(409, "this deployment takes identities from its identity provider and mints no tokens"),
    FOUR_EYES_REQUIRED(409, "the person who proposed a decision cannot also take it"),
    HELD_PRICE_CHANGED(409, "the held mark changed since the operator read it"),
    MARK_NOT_HELD(409, "the mark is not held, so there is nothing to release"),
    NO_OVERRIDE(409, "the mark is not overridden, so there is nothing to clear"),
    DEAD_LETTER_RESOLVED(409, "the dead letter was replayed or discarded already"),
    NOT_REPLAYABLE(409, "only trade dead letters are replayed"),
    SCHEDULE_VERSION_EXISTS(409, "a margin schedule version with this name exists"),
    SCHEDULE_NOT_DRAFT(409, "the schedule version is no longer a draft"),
    SCENARIO_SET_EXISTS(409, "a scenario set with this id exists"),
    NO_SCENARIOS_FOR_UNDERLYING(409, "the active scenario set has no history for an underlying the account holds"),
    MARGIN_CALL_CLOSED(409, "the margin call is met, cancelled or closed"),
    MARGIN_CALL_ESCALATED(409, "the margin call was escalated to default management"),
    MARGIN_CALL_NOT_ESCALATED(409, "a default proposal cites a margin call that is not escalated"),
    CYCLE_EXISTS(409, "a settlement cycle with this code exists"),
    CYCLE_RUNNING(409, "another settlement cycle started at the same time"),
    CYCLE_UNFINISHED(409, "an earlier settlement cycle is unfinished; resume it first"),
    CYCLE_NOT_PUBLISHED(409, "the instruction's cycle has not finished"),
    INSTRUCTION_DECIDED(409, "the settlement instruction was settled or failed already"),
    INSTRUCTION_WRITTEN_OFF(409, "the settlement instruction was written off by a default waterfall"),
    INSUFFICIENT_COLLATERAL(409, "the member's collateral does not cover the instruction: book its payment first"),
    PRODUCT_SETTLED(409, "the product was settled at its final price already"),
    SNAPSHOT_EXISTS(409, "the backtest snapshot of that day was taken already"),
    DEFAULT_CASE_OPEN(409, "the member has an open default case"),
    DEFAULT_CASE_STATE(409, "the default case is not in the state the step needs"),
    DEFAULT_FLAG_CLEARED(409, "the default flag was cleared already"),
    SETTLEMENT_REQUIRED(409, "the waterfall needs the close-outs settled by a finished cycle first"),
    LOT_IN_AUCTION(409, "the positions are in a live auction"),
    AUCTION_OPEN(409, "the auction still takes bids"),
    AUCTION_CLOSED(409, "the auction's deadline has passed"),
    AUCTION_STATE(409, "the auction is not open"),
    NO_BIDS(409, "the auction has no bid to award"),
    WINNER_NOT_ELIGIBLE(409, "the winning bid's account or member can no longer take the positions"),

    // 422: well-formed, but the rules refuse it
    NUMBER_OUT_OF_RANGE(422, "a number, or a figure computed from the request's numbers, is out of range"),
    TOO_MANY_DECIMALS(422, "a decimal has more decimals than its asset or product allows"),
    NOT_POSITIVE(422, "a price that must not be negative is"),
    NEGATIVE_AMOUNT(422, "an amount that must be zero or more is negative"),
    NEGATIVE_COSTS(422, "the close-out costs are negative"),
    OUT_OF_RANGE(422, "a funding rate lies outside -1 to 1"),
    UNKNOWN_ASSET(422, "the asset named does not exist"),
    UNKNOWN_PRODUCT(422, "no product of that symbol is listed"),
    UNKNOWN_ROLE(422, "a role named is not one of Concordia's"),
    UNKNOWN_MARGIN_CALL(422, "a default proposal cites a margin call that does not exist"),
    UNKNOWN_DEFAULT_FLAG(422, "a default proposal cites a default flag that does not exist"),
    RESERVED_VENUE_CODE(422, "the venue code would make one of Concordia's own topics a venue's"),
    INVALID_EXPIRY(422, "a future needs an expiry date and no perpetual has one"),
    INVALID_OPTION_TERMS(422, "an option needs a strike, a right and an expiry, and no other kind has them"),
    NO_REFERENCE_PRODUCT(422, "an option's underlying has no perpetual or future to give its forward"),
    PRODUCT_DOES_NOT_EXPIRE(422, "a perpetual has no final price"),
    PRODUCT_EXPIRED(422, "the product has expired and settles at its final price"),
    IMPLIED_VOLATILITY(422, "an implied volatility was given for a product that is not an option, or left out for one"),
    INVALID_DEADLINE(422, "a deadline does not lie in the future"),
    INVALID_PRICE(422, "a price is not a positive decimal"),
    INVALID_PRICE_HISTORY(422, "a price history fails the model's input checks; each problem is listed"),
    SCENARIO_SET_INCOMPLETE(422, "the scenario set has no history for some listed underlyings"),
    SCHEDULE_INCOMPLETE(422, "the schedule assigns no liquidity tier to some listed underlyings"),
    UNDERLYING_NOT_IN_SCHEDULE(422, "the active schedule assigns no liquidity tier to the underlying"),
    INSUFFICIENT_BALANCE(422, "the account holds less than the amount"),
    WITHDRAWAL_BREACHES_MARGIN(422, "the withdrawal would leave the free balance below what margin needs"),
    RELEASE_BREACHES_MARGIN(422, "the release would leave the bucket below its margin"),
    CCP_MEMBER(422, "the CCP's own member cannot take part in this"),
    SELF_MINT(422, "a token cannot be minted for its minter's own subject"),
    MIXED_ROLES(422, "a member token cannot also carry operator roles"),
    MEMBER_CLAIM_MISMATCH(422, "a token has a member exactly when it has the member role"),
    REVOCATION_TARGET(422, "a revocation names neither or both of a subject and a token id"),
    REPLAY_FAILED(422, "the replayed record is still refused; the detail gives the dead-letter reason"),
    MISSING_PRICE(422, "a settlement price is given without a value"),
    MISSING_RATE(422, "a funding rate is given without a value"),
    FUNDING_NOT_PERPETUAL(422, "a funding rate is given for a product that is not a perpetual"),
    NO_SETTLEMENT_PRICE(422, "a funded product has neither a mark nor a settlement price"),
    SETTLEMENT_ASSET_MISSING(422, "the configured settlement asset does not exist"),
    SNAPSHOT_IN_THE_FUTURE(422, "a backtest snapshot is labelled with a day after today"),
    ACCOUNT_NOT_OF_DEFAULTER(422, "the account ported is not the defaulter's"),
    PORT_TO_DEFAULTER(422, "a client account cannot be ported to the defaulter itself"),
    MARGIN_CALL_MISMATCH(422, "a margin call cited belongs to another member"),
    DEFAULT_FLAG_MISMATCH(422, "a default flag cited belongs to another member"),
    NOTHING_TO_CLOSE(422, "the defaulter holds no open position in the product"),
    NOTHING_TO_AUCTION(422, "the defaulter holds no open position of the underlying outside a live auction"),
    BID_PRODUCTS_MISMATCH(422, "a bid prices other products than the lot holds"),
    PRICES_REQUIRED(422, "closing out the rest needs a price for each product still held"),

    // 5xx
    INTERNAL_ERROR(500, "an unexpected failure; the detail gives an incident id to quote"),
    UNAVAILABLE(503, "the database cannot serve now; retry later");

    private final int status;
    private final String meaning;

    ProblemCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    /** The HTTP status every answer with this code has. */
    public int status() {
        return status;
    }

    /** What the code tells a client, as the catalogue in docs/contracts.md gives it. */
    public String meaning() {
        return meaning;
    }
}
