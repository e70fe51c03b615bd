// Proactive sends through the stored conversation reference (Teams cannot send by e-mail).
// botbuilder's own HTTP retries are switched off in the adapter: the delivery engine owns
// retries and the rate budget (docs/adr/0006-delivery-engine.md).
import type { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import type { ConversationReference } from "botbuilder";
import type { MessageSender, StoredConversation } from "../delivery/message-sender.js";
import type { OutgoingActivity } from "../delivery/enqueue.js";

export function createProactiveSender(adapter: TeamsAdapter, botAppId: string | undefined): MessageSender {
  return {
    async send(conversation: StoredConversation, activity: OutgoingActivity) {
      let activityId: string | undefined;
      const reference = conversation.reference as Partial<ConversationReference>;
      await adapter.continueConversationAsync(botAppId ?? "", reference, async (ctx) => {
        const response = await ctx.sendActivity(activity);
        activityId = response?.id;
      });
      return { activityId };
    },
  };
}
