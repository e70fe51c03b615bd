-- CreateTable
CREATE TABLE "SickLeaveCell" (
    "id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "builtAt" TIMESTAMP(3) NOT NULL,
    "unitId" TEXT NOT NULL,
    "released" BOOLEAN NOT NULL,
    "reason" TEXT,
    "employees" INTEGER,
    "figures" TEXT,

    CONSTRAINT "SickLeaveCell_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SickLeaveCellMember" (
    "cellId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "SickLeaveCellMember_pkey" PRIMARY KEY ("cellId","personId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SickLeaveCell_month_unitId_key" ON "SickLeaveCell"("month", "unitId");

-- CreateIndex
CREATE INDEX "SickLeaveCellMember_personId_idx" ON "SickLeaveCellMember"("personId");

