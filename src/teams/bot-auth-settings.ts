// botbuilder's authentication settings from validated config, shared by the adapter (inbound)
// and the connector sender (outbound) without loading teams-ai for the CLI.
import { CallerIdConstants } from "botbuilder";
import { AuthenticationConstants } from "botframework-connector";
import type { Config } from "../config.js";

/** botbuilder's configuration object, shared by the adapter and the proactive connector sender. */
export function botAuthSettings(config: Config) {
  const { bot } = config;
  return {
    MicrosoftAppId: bot.appId ?? "",
    MicrosoftAppPassword: bot.password ?? "",
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId ?? "",
    ...(bot.openIdMetadataUrl ? publicCloudWithMetadata(bot.openIdMetadataUrl) : {}),
  };
}

// botbuilder treats any one "parameterized" setting as "all are given", so overriding the
// metadata URL means spelling out the public-cloud defaults for the rest.
function publicCloudWithMetadata(openIdMetadataUrl: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
