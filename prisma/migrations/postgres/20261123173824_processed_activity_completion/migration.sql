-- AlterTable
ALTER TABLE "ProcessedActivity" ADD COLUMN     "completedAt" TIMESTAMP(3);

