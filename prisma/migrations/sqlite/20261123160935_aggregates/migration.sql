-- AlterTable
ALTER TABLE "Pulse" ADD COLUMN "summariesPlannedAt" DATETIME;
ALTER TABLE "Pulse" ADD COLUMN "summarizedAt" DATETIME;

-- CreateTable
CREATE TABLE "PulseParticipation" (
    "pulseId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,

    PRIMARY KEY ("pulseId", "questionId", "personId")
);

-- CreateTable
CREATE TABLE "PulseCell" (
    "pulseId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "released" BOOLEAN NOT NULL,
    "reason" TEXT,
    "respondents" INTEGER,
    "counts" TEXT,
    "goodCount" INTEGER,

    PRIMARY KEY ("pulseId", "unitId", "questionId")
);

-- CreateIndex
CREATE INDEX "PulseCell_unitId_questionId_dueAt_idx" ON "PulseCell"("unitId", "questionId", "dueAt");

-- CreateIndex
CREATE INDEX "Pulse_status_summarizedAt_idx" ON "Pulse"("status", "summarizedAt");

