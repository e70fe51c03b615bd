// /api/tab/openapi.json: OpenAPI 3.1 generated from the same zod schemas that check every response,
// so a municipality's BI team reads what the server actually sends.
import { z } from "zod/v4";
import { ErrorResponseSchema } from "./schemas.js";
import type { TabEndpoint } from "./endpoint.js";

export function buildOpenApi(endpoints: readonly TabEndpoint[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = (description: string) => ({ description, content: { "application/json": { schema: z.toJSONSchema(ErrorResponseSchema) } } });
  for (const e of endpoints) {
    const ok =
      "contentType" in e.response
        ? { description: e.response.description, content: { [e.response.contentType]: { schema: { type: "string" } } } }
        : { description: "OK", content: { "application/json": { schema: z.toJSONSchema(e.response, { io: "output", unrepresentable: "any" }) } } };
    paths[e.path] = {
      ...paths[e.path],
      [e.method]: {
        summary: e.summary,
        ...(e.description ? { description: e.description } : {}),
        security: [{ teamsSso: [] }],
        parameters: (e.params ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required, description: p.description, schema: { type: "string" } })),
        ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: z.toJSONSchema(e.body, { io: "input" }) } } } } : {}),
        responses: {
          "200": ok,
          ...(e.body ? { "400": error("The body does not match the schema") } : {}),
          "401": error("No token, or a token that is expired, from another tenant or for another audience"),
          "403": error("The caller may not see this (unit outside their scope, or not a person in Friskpuls)"),
          ...(e.path.includes("{") ? { "404": error(e.path.includes("{activityId}") ? "No such activity" : "No such unit") } : {}),
          ...(e.method === "post"
            ? { "409": error("Refused in the state the unit is in (e.g. already agreed, your own proposal, activity already done): `error` says which") }
            : {}),
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Friskpuls tab API",
      version: "1",
      description:
        "What the Friskpuls tab shows, for the signed-in person only. Every figure passed the release rules (docs/privacy.md): a withheld figure is { released: false, reason }, never a number.",
    },
    components: {
      securitySchemes: {
        teamsSso: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "An Entra ID access token for the tab's app (scope access_as_user), as Teams SSO gives it (docs/tab.md)",
        },
      },
    },
    paths,
  };
}
