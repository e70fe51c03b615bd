// Proactive sends straight to the Bot Connector REST API (POST /v3/conversations/{id}/activities)
// with the stored conversation reference. botbuilder's continueConversationAsync builds a turn
// context, an Azure pipeline and a serializer per message — most of the engine's CPU and garbage
// at a thousand messages a second — for what is one authenticated JSON POST. Inbound traffic
// still goes through botbuilder; tokens come from its credential factory (cached by MSAL).
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { AuthenticationConstants } from "botframework-connector";
import type { Config } from "../config.js";
import type { MessageSender, StoredConversation } from "../delivery/message-sender.js";
import type { OutgoingActivity } from "../delivery/enqueue.js";
import { botAuthSettings } from "./adapter.js";
import type { StoredConversationReference } from "./conversation-refs.js";
import { httpFailure, networkFailure, send, type RawResponse, type SendFailure } from "./no-retry-http-client.js";
import { TokenTimeoutError, withTokenDeadline } from "./bounded-credentials.js";

const REQUEST_TIMEOUT_MS = 30_000;

export interface TokenSource {
  getToken(forceRefresh?: boolean): Promise<string>;
}

/** `createTokenSource`: tests stand in for Entra's token endpoint (out of reach here). */
export function createConnectorSender(config: Config, o: { createTokenSource?: () => Promise<TokenSource> } = {}): MessageSender {
  const appId = config.bot.appId;
  const createTokenSource =
    o.createTokenSource ??
    (() =>
      new ConfigurationServiceClientCredentialFactory(botAuthSettings(config)).createCredentials(
        appId!,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        AuthenticationConstants.ToChannelFromBotLoginUrl,
        true,
      ) as unknown as Promise<TokenSource>);
  let tokenSource: Promise<TokenSource> | undefined;
  const bearer = async (): Promise<Record<string, string>> => {
    if (!appId) return {}; // local, unauthenticated (Agents Playground): no token, as botbuilder does
    tokenSource ??= createTokenSource();
    const source = tokenSource;
    try {
      return {
        authorization: `Bearer ${await withTokenDeadline(
          source.then((s) => s.getToken()),
          config.bot.tokenTimeoutMs,
        )}`,
      };
    } catch (error) {
      // No token, nothing sent: the engine retries it (a plain error would end it "ambiguous").
      tokenSource = undefined;
      throw notSent(error instanceof TokenTimeoutError ? "TOKEN_TIMEOUT" : "TOKEN_UNAVAILABLE");
    }
  };

  return {
    async send(conversation: StoredConversation, activity: OutgoingActivity) {
      const ref = conversation.reference as StoredConversationReference;
      const conversationId = ref.conversation?.id;
      if (!ref.serviceUrl || !conversationId) throw new Error("stored conversation reference lacks serviceUrl or conversation id");
      const url = `${ref.serviceUrl.replace(/\/?$/, "/")}v3/conversations/${encodeURIComponent(conversationId)}/activities`;
      const body = JSON.stringify({
        ...activity,
        channelId: ref.channelId ?? "msteams",
        serviceUrl: ref.serviceUrl,
        conversation: ref.conversation,
        from: ref.bot,
        recipient: ref.user,
      });
      const headers = { "content-type": "application/json; charset=utf-8", ...(await bearer()) };
      let response: RawResponse;
      try {
        response = await send(url, "POST", headers, body, REQUEST_TIMEOUT_MS);
      } catch (error) {
        throw networkFailure(error);
      }
      if (response.status < 200 || response.status > 299) throw httpFailure(response);
      let activityId: string | undefined;
      try {
        activityId = (JSON.parse(response.body) as { id?: string }).id;
      } catch {
        activityId = undefined; // delivered; Teams did not say under which id
      }
      return { activityId };
    },
  };
}

function notSent(networkCode: string): SendFailure {
  const error = new Error(`no token for the Bot Connector: ${networkCode}`) as SendFailure;
  error.name = "SendFailure";
  error.networkCode = networkCode;
  error.mayHaveBeenSent = false;
  return error;
}
