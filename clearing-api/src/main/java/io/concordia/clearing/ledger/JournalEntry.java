package io.concordia.clearing.ledger;

import java.time.Instant;

/** A booked journal entry; its postings sum to zero per asset, checked by the database at commit. */
public record JournalEntry(long id, EntryKind kind, String reference, String createdBy, Instant createdAt) {}
