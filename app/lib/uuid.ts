/**
 * An id as PostgreSQL writes a uuid (lower case). Ids from URLs and forms are checked with it
 * before any query: PostgreSQL refuses a malformed uuid with an error, and the answer to a
 * malformed id is the same as to an unknown one.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
