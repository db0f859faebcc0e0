package io.concordia.clearing.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An audit row as operators read it; before/after are the JSON documents stored with the action. */
public record AuditRecord(
        long id,
        Instant at,
        String actor,
        String action,
        String objectType,
        String objectCode,

        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "The object before the action, as stored")
        String before,

        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "The object after the action, as stored")
        String after) {}
