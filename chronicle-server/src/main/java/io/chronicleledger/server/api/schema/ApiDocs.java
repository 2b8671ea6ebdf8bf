package io.chronicleledger.server.api.schema;

/** Texts of the OpenAPI document that several operations share. */
public final class ApiDocs {

    /** The name of the bearer token security scheme. */
    public static final String BEARER = "bearer";
    /** The name of the query parameter security scheme of the event stream. */
    public static final String ACCESS_TOKEN = "access_token";

    /** The content type of every JSON body. */
    public static final String JSON = "application/json";
    /**
     * The same, for the JSON error answers of operations that produce something else (the event stream, the
     * metrics, the document): micronaut-openapi takes a response content of exactly {@code application/json} for
     * a default and replaces it with the operation's produced type.
     */
    public static final String JSON_ERROR = "application/json; charset=utf-8";

    /** The Idempotency-Key request header. */
    public static final String IDEMPOTENCY_KEY = "Makes the command idempotent: retried with the same key and"
            + " body, it is recorded once and the first answer is repeated (with Idempotent-Replayed: true);"
            + " reused with another body, it is a 422 IDEMPOTENCY_KEY_REUSED. 1 to 255 visible ASCII characters,"
            + " such as a UUID; anything else is a 400 INVALID_IDEMPOTENCY_KEY.";
    /** The pattern of an idempotency key. */
    public static final String IDEMPOTENCY_KEY_PATTERN = "^[\\x21-\\x7E]{1,255}$";
    /** The Idempotent-Replayed response header. */
    public static final String IDEMPOTENT_REPLAYED = "true when this is the remembered answer to a retried"
            + " Idempotency-Key (nothing new was recorded); absent otherwise.";

    /** A 400 of a command. */
    public static final String COMMAND_400 = "The request is invalid; nothing was recorded. error.field names the"
            + " culprit. Codes: MALFORMED_JSON (not one JSON object, or a duplicate key), MISSING_FIELD,"
            + " INVALID_FIELD_TYPE, INVALID_ACCOUNT_ID, INVALID_AMOUNT, INVALID_CURRENCY, INVALID_IDEMPOTENCY_KEY,"
            + " BAD_REQUEST (an unreadable request)";
    /** A 401. */
    public static final String UNAUTHORIZED = "UNAUTHORIZED: CHRONICLE_API_TOKEN is set and the request does not"
            + " carry it as 'Authorization: Bearer <token>'.";
    /** A 429. */
    public static final String RATE_LIMITED = "RATE_LIMITED: CHRONICLE_RATE_LIMIT is set and this client sent more"
            + " requests per second; retry after the seconds in Retry-After. Nothing was recorded.";
    /** A 500. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR: the server failed; the cause is logged, never"
            + " shown.";
    /** A 503 of a query whose storage failed for a moment. */
    public static final String QUERY_UNAVAILABLE = "STORE_UNAVAILABLE or READ_MODEL_UNAVAILABLE: the event store or"
            + " the read model cannot be reached just now; retry after Retry-After seconds.";
    /** A 400 of a query. */
    public static final String QUERY_400 = "A parameter is invalid; error.field names it. Codes: INVALID_PARAMETER,"
            + " INVALID_ACCOUNT_ID, BAD_REQUEST";
    /** An account id path variable. */
    public static final String ACCOUNT_ID = "The account's id: 1 to 64 letters, digits, '_' or '-'.";
    /** The pattern of an account id. */
    public static final String ACCOUNT_ID_PATTERN = Patterns.ACCOUNT_ID;
    /** The limit query parameter. */
    public static final String LIMIT = "The page size, 1 to 1000.";

    private ApiDocs() {
    }
}
