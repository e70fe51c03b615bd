-- AlterTable
ALTER TABLE "PulseCell" ADD COLUMN     "ancestorIds" TEXT;

-- AlterTable
ALTER TABLE "HfCell" ADD COLUMN     "ancestorIds" TEXT;

