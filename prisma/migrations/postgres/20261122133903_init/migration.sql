-- CreateTable
CREATE TABLE "Unit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "aadObjectId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'sv-SE',
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/Stockholm',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "personId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("personId","unitId","role")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationRef" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "aadObjectId" TEXT,
    "tenantId" TEXT,
    "serviceUrl" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "locale" TEXT,
    "personId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "installedAt" TIMESTAMP(3) NOT NULL,
    "uninstalledAt" TIMESTAMP(3),
    "unreachableAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConversationRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedActivity" (
    "id" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessedActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseSchedule" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL DEFAULT 1,
    "intervalWeeks" INTEGER NOT NULL DEFAULT 2,
    "anchorDate" TEXT NOT NULL,
    "sendTime" TEXT NOT NULL DEFAULT '09:00',
    "answerWindowDays" INTEGER NOT NULL DEFAULT 3,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/Stockholm',
    "rotatingQuestions" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PulseSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pulse" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "questionIds" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pulse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseRecipient" (
    "pulseId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "unitIds" TEXT NOT NULL,
    "answered" BOOLEAN NOT NULL DEFAULT false,
    "reminded" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "PulseRecipient_pkey" PRIMARY KEY ("pulseId","personId")
);

-- CreateTable
CREATE TABLE "PulseAnswer" (
    "id" TEXT NOT NULL,
    "pulseId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "PulseAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "sourceRef" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "caseId" TEXT,

    CONSTRAINT "ContactRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "deltaPp" DOUBLE PRECISION NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HfRound" (
    "id" TEXT NOT NULL,
    "rootUnitId" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'collecting',
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HfRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HfRoundUnit" (
    "roundId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'collecting',

    CONSTRAINT "HfRoundUnit_pkey" PRIMARY KEY ("roundId","unitId")
);

-- CreateTable
CREATE TABLE "HfRecipient" (
    "roundId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "unitIds" TEXT NOT NULL,
    "answered" BOOLEAN NOT NULL DEFAULT false,
    "reminded" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "HfRecipient_pkey" PRIMARY KEY ("roundId","personId")
);

-- CreateTable
CREATE TABLE "HfRating" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "factorId" TEXT NOT NULL,
    "value" INTEGER,

    CONSTRAINT "HfRating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriorityStep" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "factorIds" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PriorityStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriorityAgreement" (
    "roundId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "factorIds" TEXT NOT NULL,
    "agreedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PriorityAgreement_pkey" PRIMARY KEY ("roundId","unitId")
);

-- CreateTable
CREATE TABLE "PriorityActivity" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "factorId" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "dueDate" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "PriorityActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Absence" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "firstDay" TEXT NOT NULL,
    "lastDay" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Absence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NudgeCase" (
    "id" TEXT NOT NULL,
    "signal" TEXT NOT NULL,
    "subjectPersonId" TEXT,
    "unitId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openKey" TEXT,
    "detail" TEXT NOT NULL,
    "plannedFor" TEXT,
    "reason" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "notifiedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NudgeCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "personId" TEXT,
    "conversationRefId" TEXT,
    "payload" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "activityId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "summary" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("job","slot")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Unit_parentId_idx" ON "Unit"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_aadObjectId_key" ON "Person"("aadObjectId");

-- CreateIndex
CREATE INDEX "Person_email_idx" ON "Person"("email");

-- CreateIndex
CREATE INDEX "Assignment_unitId_role_active_idx" ON "Assignment"("unitId", "role", "active");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationRef_conversationId_key" ON "ConversationRef"("conversationId");

-- CreateIndex
CREATE INDEX "ConversationRef_personId_active_idx" ON "ConversationRef"("personId", "active");

-- CreateIndex
CREATE INDEX "ConversationRef_aadObjectId_idx" ON "ConversationRef"("aadObjectId");

-- CreateIndex
CREATE INDEX "ProcessedActivity_receivedAt_idx" ON "ProcessedActivity"("receivedAt");

-- CreateIndex
CREATE INDEX "PulseSchedule_unitId_idx" ON "PulseSchedule"("unitId");

-- CreateIndex
CREATE INDEX "Pulse_status_closesAt_idx" ON "Pulse"("status", "closesAt");

-- CreateIndex
CREATE UNIQUE INDEX "Pulse_scheduleId_dueAt_key" ON "Pulse"("scheduleId", "dueAt");

-- CreateIndex
CREATE INDEX "PulseAnswer_pulseId_unitId_questionId_idx" ON "PulseAnswer"("pulseId", "unitId", "questionId");

-- CreateIndex
CREATE UNIQUE INDEX "PulseAnswer_pulseId_token_questionId_unitId_key" ON "PulseAnswer"("pulseId", "token", "questionId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactRequest_personId_sourceRef_key" ON "ContactRequest"("personId", "sourceRef");

-- CreateIndex
CREATE UNIQUE INDEX "Target_unitId_year_metric_key" ON "Target"("unitId", "year", "metric");

-- CreateIndex
CREATE INDEX "HfRating_roundId_unitId_factorId_idx" ON "HfRating"("roundId", "unitId", "factorId");

-- CreateIndex
CREATE UNIQUE INDEX "HfRating_roundId_token_factorId_unitId_key" ON "HfRating"("roundId", "token", "factorId", "unitId");

-- CreateIndex
CREATE INDEX "PriorityStep_roundId_unitId_createdAt_idx" ON "PriorityStep"("roundId", "unitId", "createdAt");

-- CreateIndex
CREATE INDEX "PriorityActivity_roundId_unitId_idx" ON "PriorityActivity"("roundId", "unitId");

-- CreateIndex
CREATE INDEX "PriorityActivity_dueDate_remindedAt_idx" ON "PriorityActivity"("dueDate", "remindedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Absence_personId_firstDay_key" ON "Absence"("personId", "firstDay");

-- CreateIndex
CREATE UNIQUE INDEX "NudgeCase_openKey_key" ON "NudgeCase"("openKey");

-- CreateIndex
CREATE INDEX "NudgeCase_ownerId_status_idx" ON "NudgeCase"("ownerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");

-- CreateIndex
CREATE INDEX "OutboxMessage_conversationRefId_idx" ON "OutboxMessage"("conversationRefId");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_subjectType_subjectId_idx" ON "AuditEvent"("subjectType", "subjectId");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationRef" ADD CONSTRAINT "ConversationRef_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pulse" ADD CONSTRAINT "Pulse_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "PulseSchedule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseRecipient" ADD CONSTRAINT "PulseRecipient_pulseId_fkey" FOREIGN KEY ("pulseId") REFERENCES "Pulse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HfRoundUnit" ADD CONSTRAINT "HfRoundUnit_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "HfRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HfRecipient" ADD CONSTRAINT "HfRecipient_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "HfRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

