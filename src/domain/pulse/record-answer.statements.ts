// The statements of a tap on the pulse card, through the direct SQL door (ADR 0013). They read and
// write the person's own answers, so they sit beside record-answer.ts inside the privacy fence
// (eslint.config.js). Checked against the migrated schema on both databases by
// test/db/sql-statements.test.ts.
import { directStatement, sql } from "../../db/direct-sql.js";

const pulseId = "6f1c2b1e-8a4d-4c1e-9b7a-2d3f4e5a6b7c";

/** The recipient row, its pulse, the person's answers so far (by token) and their contact requests for the pulse. */
export const answerContext = directStatement(
  (pulseId: string, personId: string, token: string, sourceRef: string) => sql`
    SELECT r."unitIds", p."id", p."status", p."closesAt", p."questionIds", a."questionId", a."value",
           (SELECT COUNT(*) FROM "ContactRequest" c WHERE c."personId" = r."personId" AND c."sourceRef" = ${sourceRef}) AS "contacts"
      FROM "PulseRecipient" r
      JOIN "Pulse" p ON p."id" = r."pulseId"
      LEFT JOIN "PulseAnswer" a ON a."pulseId" = r."pulseId" AND a."token" = ${token}
     WHERE r."pulseId" = ${pulseId} AND r."personId" = ${personId}`,
  [pulseId, "person-1", "token-1", `pulse:${pulseId}`],
);

/** One answer row per unit of the send-time snapshot; a second tap changes the value. */
export const upsertAnswer = directStatement(
  (id: string, pulseId: string, token: string, questionId: string, unitId: string, value: number) => sql`
    INSERT INTO "PulseAnswer" ("id", "pulseId", "token", "questionId", "unitId", "value")
    VALUES (${id}, ${pulseId}, ${token}, ${questionId}, ${unitId}, ${value})
    ON CONFLICT ("pulseId", "token", "questionId", "unitId") DO UPDATE SET "value" = excluded."value"`,
  ["answer-1", pulseId, "token-1", "question-1", "unit-1", 3],
);

export const markRecipientAnswered = directStatement(
  (pulseId: string, personId: string) => sql`UPDATE "PulseRecipient" SET "answered" = TRUE WHERE "pulseId" = ${pulseId} AND "personId" = ${personId}`,
  [pulseId, "person-1"],
);

/** Which question, never the value: the respondent sets the privacy rules compare. */
export const recordParticipation = directStatement(
  (pulseId: string, questionId: string, personId: string) => sql`
    INSERT INTO "PulseParticipation" ("pulseId", "questionId", "personId") VALUES (${pulseId}, ${questionId}, ${personId})
    ON CONFLICT DO NOTHING`,
  [pulseId, "question-1", "person-1"],
);
