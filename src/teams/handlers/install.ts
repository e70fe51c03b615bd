// Install and uninstall in personal scope. Teams sends conversationUpdate (bot added) and
// installationUpdate; both store the reference, only the first welcomes.
import type { Application } from "@microsoft/teams-ai/lib/Application.js";
import { MessageFactory, TurnContext } from "botbuilder";
import { deactivateConversationRef, saveConversationRef } from "../conversation-refs.js";
import { identifySender, type Sender } from "../identify-sender.js";
import { translatorFor } from "../../i18n/index.js";
import { renderCard } from "../cards/render-card.js";
import type { BotDeps } from "../bot-deps.js";

const isPersonal = (ctx: TurnContext) => ctx.activity.conversation?.conversationType === "personal";

export function registerInstallHandlers(app: Application, deps: BotDeps): void {
  app.conversationUpdate("membersAdded", async (ctx) => {
    const botAdded = ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient?.id);
    if (!isPersonal(ctx) || !botAdded) return;
    const sender = await storeInstallation(ctx, deps);
    await ctx.sendActivity(MessageFactory.attachment(sender.person ? welcomeCard(sender, deps) : unknownUserCard(sender)));
  });

  app.conversationUpdate("membersRemoved", async (ctx) => {
    const botRemoved = ctx.activity.membersRemoved?.some((m) => m.id === ctx.activity.recipient?.id);
    if (isPersonal(ctx) && botRemoved) await uninstall(ctx, deps);
  });

  app.activity("installationUpdate", async (ctx) => {
    if (!isPersonal(ctx)) return;
    const action = String(ctx.activity.action ?? "");
    if (action.startsWith("remove")) await uninstall(ctx, deps);
    else if (action.startsWith("add")) await storeInstallation(ctx, deps);
  });
}

async function storeInstallation(ctx: TurnContext, deps: BotDeps): Promise<Sender> {
  const sender = await identifySender(ctx, deps);
  const activity = ctx.activity;
  await saveConversationRef(
    deps.db,
    deps.clock,
    {
      reference: TurnContext.getConversationReference(activity),
      userId: activity.from.id,
      aadObjectId: activity.from.aadObjectId,
      tenantId: activity.conversation.tenantId ?? activity.channelData?.tenant?.id,
      locale: activity.locale,
    },
    sender.person?.id ?? null,
  );
  deps.logger.info({ event: "teams.installed", matched: sender.person?.matchedBy ?? "none" }, "bot installed in personal scope");
  return sender;
}

async function uninstall(ctx: TurnContext, deps: BotDeps): Promise<void> {
  const changed = await deactivateConversationRef(deps.db, deps.clock, ctx.activity.conversation.id);
  deps.logger.info({ event: "teams.uninstalled", changed }, "bot removed from personal scope");
}

function welcomeCard(sender: Sender, deps: BotDeps) {
  const t = translatorFor(sender.locale);
  const vars = { k: deps.minGroupSize, retentionMonths: deps.answerRetentionMonths };
  const roles = sender.roles.map((role) => t(`roles.${role}`)).join(", ");
  return renderCard("welcome", {
    title: t("welcome.title", { name: sender.person?.displayName }),
    intro: t("welcome.intro"),
    storedHeading: t("welcome.storedHeading"),
    storedText: t("welcome.storedText", vars),
    whoSeesHeading: t("welcome.whoSeesHeading"),
    whoSeesText: t("welcome.whoSeesText", vars),
    rolesText: roles ? t("welcome.rolesText", { roles }) : "",
    footer: t("welcome.footer"),
  });
}

function unknownUserCard(sender: Sender) {
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("unknownUser.title"), paragraphs: [t("unknownUser.text"), t("unknownUser.whatNow")] });
}
