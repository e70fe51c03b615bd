-- CreateTable
CREATE TABLE "SickLeaveCell" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "month" TEXT NOT NULL,
    "builtAt" DATETIME NOT NULL,
    "unitId" TEXT NOT NULL,
    "released" BOOLEAN NOT NULL,
    "reason" TEXT,
    "employees" INTEGER,
    "figures" TEXT
);

-- CreateTable
CREATE TABLE "SickLeaveCellMember" (
    "cellId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    PRIMARY KEY ("cellId", "personId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SickLeaveCell_month_unitId_key" ON "SickLeaveCell"("month", "unitId");

-- CreateIndex
CREATE INDEX "SickLeaveCellMember_personId_idx" ON "SickLeaveCellMember"("personId");

