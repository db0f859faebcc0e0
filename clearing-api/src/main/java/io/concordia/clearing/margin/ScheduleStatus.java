package io.concordia.clearing.margin;

/**
 * Where a margin schedule version stands, as {@code margin_schedule.status} stores it: drafted by one person, approved
 * or rejected by another (four-eyes), active from its effective time until a newer version supersedes it.
 */
public enum ScheduleStatus {
    DRAFT,
    REJECTED,
    APPROVED,
    ACTIVE,
    SUPERSEDED
}
