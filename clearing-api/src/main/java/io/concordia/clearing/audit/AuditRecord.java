package io.concordia.clearing.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** An audit row as operators read it; before/after are the JSON documents stored with the action. */
public record AuditRecord(
        long id,
        Instant at,
        String actor,
        String action,
        String objectType,
        String objectCode,
        @JsonRawValue String before,
        @JsonRawValue String after) {}
