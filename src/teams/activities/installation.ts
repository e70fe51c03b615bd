// Install and uninstall in personal scope. Teams sends conversationUpdate (bot added) and
// installationUpdate; both store the reference, only the first welcomes.
import { deactivateConversationRef, saveConversationRef } from "../conversation-refs.js";
import type { Sender } from "../identify-sender.js";
import { translatorFor } from "../../i18n/index.js";
import { commandButton, renderCard } from "../cards/render-card.js";
import { HELP_WORDS } from "../commands/help.js";
import { aboutCommand } from "../commands/about.js";
import { DEFAULT_RETENTION } from "../../domain/records/retention-policy.js";
import type { BotDeps } from "../bot-deps.js";
import type { ActivityRoute } from "../routes.js";
import type { Turn } from "../turn.js";

const isPersonal = (turn: Turn) => turn.activity.conversation.type === "personal";

export const botAdded: ActivityRoute = {
  on: "membersAdded",
  handle: async (turn, deps) => {
    if (!isPersonal(turn) || !turn.activity.botAdded) return;
    const sender = await storeInstallation(turn, deps);
    await turn.reply(sender.person ? welcomeCard(sender, deps) : unknownUserCard(sender));
  },
};

export const botRemoved: ActivityRoute = {
  on: "membersRemoved",
  handle: async (turn, deps) => {
    if (isPersonal(turn) && turn.activity.botRemoved) await uninstall(turn, deps);
  },
};

export const installationUpdate: ActivityRoute = {
  on: "installationUpdate",
  handle: async (turn, deps) => {
    if (!isPersonal(turn)) return;
    const action = turn.activity.action ?? "";
    if (action.startsWith("remove")) await uninstall(turn, deps);
    else if (action.startsWith("add")) await storeInstallation(turn, deps);
  },
};

async function storeInstallation(turn: Turn, deps: BotDeps): Promise<Sender> {
  const sender = await turn.sender();
  const { from, conversation, locale } = turn.activity;
  await saveConversationRef(
    deps.db,
    deps.clock,
    { reference: turn.conversationReference(), userId: from.id, aadObjectId: from.aadObjectId, tenantId: conversation.tenantId, locale },
    sender.person?.id ?? null,
  );
  deps.logger.info({ event: "teams.installed", matched: sender.person?.matchedBy ?? "none" }, "bot installed in personal scope");
  return sender;
}

async function uninstall(turn: Turn, deps: BotDeps): Promise<void> {
  const changed = await deactivateConversationRef(deps.db, deps.clock, turn.activity.conversation.id);
  deps.logger.info({ event: "teams.uninstalled", changed }, "bot removed from personal scope");
}

function welcomeCard(sender: Sender, deps: BotDeps) {
  const t = translatorFor(sender.locale);
  const n = deps.nudges;
  const vars = {
    k: deps.minGroupSize,
    retentionMonths: deps.answerRetentionMonths,
    occasions: n.sickLeaveOccasions,
    months: n.sickLeaveMonths,
    days: n.escalationDays,
    absenceMonths: (deps.retention ?? DEFAULT_RETENTION).absencesMonths,
  };
  const roles = sender.roles.map((role) => t(`roles.${role}`)).join(", ");
  const isMember = sender.roles.includes("member");
  const lang = sender.locale === "en-US" ? "en" : "sv";
  return renderCard("welcome", {
    title: t("welcome.title", { name: sender.person?.displayName }),
    intro: isMember ? t("welcome.intro") : t("welcome.introNotMember"),
    // What each role beyond employee will receive, before what everyone is told about data.
    roles: WELCOME_ROLES.filter((role) => sender.roles.includes(role)).map((role) => ({
      heading: t(`welcome.roles.${role}.heading`),
      text: t(`welcome.roles.${role}.text`, vars),
    })),
    sections: [
      { heading: t("welcome.storedHeading"), text: t("welcome.storedText", vars) },
      { heading: t("welcome.sickLeaveHeading"), text: t("welcome.sickLeaveText", vars) },
      { heading: t("welcome.whoSeesHeading"), text: t("welcome.whoSeesText", vars) },
    ],
    rolesText: roles ? t("welcome.rolesText", { roles }) : "",
    footer: t("welcome.footer"),
    buttons: [commandButton(t("welcome.helpButton"), HELP_WORDS[lang]), commandButton(t("welcome.aboutButton"), aboutCommand.words[lang])],
  });
}

const WELCOME_ROLES = ["manager", "safety_rep", "hr_partner"] as const;

function unknownUserCard(sender: Sender) {
  const t = translatorFor(sender.locale);
  return renderCard("notice", { title: t("unknownUser.title"), paragraphs: [t("unknownUser.text"), t("unknownUser.whatNow")] });
}
