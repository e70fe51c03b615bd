-- AlterTable
ALTER TABLE "PriorityActivity" ADD COLUMN     "editedAt" TIMESTAMP(3),
ADD COLUMN     "originalDueDate" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'planned',
ADD COLUMN     "updatedAt" TIMESTAMP(3),
ADD COLUMN     "updatedById" TEXT;

