-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PriorityActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "factorId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "remindedAt" DATETIME,
    "doneAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "originalDueDate" TEXT,
    "editedAt" DATETIME,
    "updatedById" TEXT,
    "updatedAt" DATETIME
);
INSERT INTO "new_PriorityActivity" ("createdAt", "createdById", "doneAt", "dueDate", "factorId", "id", "owner", "remindedAt", "roundId", "unitId", "what") SELECT "createdAt", "createdById", "doneAt", "dueDate", "factorId", "id", "owner", "remindedAt", "roundId", "unitId", "what" FROM "PriorityActivity";
DROP TABLE "PriorityActivity";
ALTER TABLE "new_PriorityActivity" RENAME TO "PriorityActivity";
CREATE INDEX "PriorityActivity_roundId_unitId_idx" ON "PriorityActivity"("roundId", "unitId");
CREATE INDEX "PriorityActivity_dueDate_remindedAt_idx" ON "PriorityActivity"("dueDate", "remindedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

