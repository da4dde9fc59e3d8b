/**
 * Advisory lock keys. One outbox drain (or full reindex) at a time across
 * processes: two at once could write an older document over a newer one.
 */
export const SEARCH_DRAIN_LOCK = 0x4e5353; // "NSS"
