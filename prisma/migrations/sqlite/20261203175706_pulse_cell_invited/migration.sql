-- AlterTable
ALTER TABLE "PulseCell" ADD COLUMN "invited" INTEGER;

