-- AlterTable
ALTER TABLE "Person" ADD COLUMN "aadObjectIdSource" TEXT;

-- CreateTable
CREATE TABLE "EntraMatch" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "outcome" TEXT NOT NULL,
    "candidates" INTEGER NOT NULL DEFAULT 0,
    "checkedAt" DATETIME NOT NULL,
    CONSTRAINT "EntraMatch_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppInstall" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "aadObjectId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "requestedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "AppInstall_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GraphState" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "AppInstall_state_idx" ON "AppInstall"("state");

