-- AlterTable
ALTER TABLE "ProcessedActivity" ADD COLUMN "completedAt" DATETIME;

