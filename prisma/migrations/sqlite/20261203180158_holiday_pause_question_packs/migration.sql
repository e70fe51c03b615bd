-- CreateTable
CREATE TABLE "UnitPause" (
    "unitId" TEXT NOT NULL PRIMARY KEY,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "setById" TEXT NOT NULL,
    "setAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PulseSchedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL DEFAULT 1,
    "intervalWeeks" INTEGER NOT NULL DEFAULT 2,
    "anchorDate" TEXT NOT NULL,
    "sendTime" TEXT NOT NULL DEFAULT '09:00',
    "answerWindowDays" INTEGER NOT NULL DEFAULT 3,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/Stockholm',
    "rotatingQuestions" TEXT NOT NULL,
    "pausePeriods" TEXT NOT NULL DEFAULT '[]',
    "questionPack" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_PulseSchedule" ("active", "anchorDate", "answerWindowDays", "createdAt", "id", "intervalWeeks", "rotatingQuestions", "sendTime", "timeZone", "unitId", "updatedAt", "updatedById", "weekday") SELECT "active", "anchorDate", "answerWindowDays", "createdAt", "id", "intervalWeeks", "rotatingQuestions", "sendTime", "timeZone", "unitId", "updatedAt", "updatedById", "weekday" FROM "PulseSchedule";
DROP TABLE "PulseSchedule";
ALTER TABLE "new_PulseSchedule" RENAME TO "PulseSchedule";
CREATE INDEX "PulseSchedule_unitId_idx" ON "PulseSchedule"("unitId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

