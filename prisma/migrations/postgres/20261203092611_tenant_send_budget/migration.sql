-- CreateTable
CREATE TABLE "TenantSendBudget" (
    "tenantKey" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAtMs" DOUBLE PRECISION NOT NULL,
    "lastGrant" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TenantSendBudget_pkey" PRIMARY KEY ("tenantKey")
);

