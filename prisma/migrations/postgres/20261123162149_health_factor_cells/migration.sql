-- AlterTable
ALTER TABLE "HfRound" ADD COLUMN     "summariesPlannedAt" TIMESTAMP(3),
ADD COLUMN     "summarizedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "HfCell" (
    "roundId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "released" BOOLEAN NOT NULL,
    "reason" TEXT,
    "respondents" INTEGER,
    "stats" TEXT,

    CONSTRAINT "HfCell_pkey" PRIMARY KEY ("roundId","unitId")
);

-- CreateIndex
CREATE INDEX "HfCell_unitId_idx" ON "HfCell"("unitId");

-- CreateIndex
CREATE INDEX "HfRound_status_closesAt_idx" ON "HfRound"("status", "closesAt");

