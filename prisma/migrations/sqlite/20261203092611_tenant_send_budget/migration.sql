-- CreateTable
CREATE TABLE "TenantSendBudget" (
    "tenantKey" TEXT NOT NULL PRIMARY KEY,
    "tokens" REAL NOT NULL,
    "refilledAtMs" REAL NOT NULL,
    "lastGrant" INTEGER NOT NULL DEFAULT 0
);

