-- AlterTable
ALTER TABLE "PulseSchedule" ADD COLUMN     "pausePeriods" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "questionPack" TEXT;

-- CreateTable
CREATE TABLE "UnitPause" (
    "unitId" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "setById" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnitPause_pkey" PRIMARY KEY ("unitId")
);

