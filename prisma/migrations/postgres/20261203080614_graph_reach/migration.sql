-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "aadObjectIdSource" TEXT;

-- CreateTable
CREATE TABLE "EntraMatch" (
    "personId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EntraMatch_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "AppInstall" (
    "personId" TEXT NOT NULL,
    "aadObjectId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AppInstall_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "GraphState" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GraphState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AppInstall_state_idx" ON "AppInstall"("state");

-- AddForeignKey
ALTER TABLE "EntraMatch" ADD CONSTRAINT "EntraMatch_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppInstall" ADD CONSTRAINT "AppInstall_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

