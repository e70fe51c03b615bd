// One API endpoint's description: the route file declares it once; openapi.ts reads the list.
import type { z } from "zod/v4";

export interface TabEndpoint {
  method: "get" | "post";
  /** OpenAPI path under the server root, e.g. /api/tab/units/{unitId}. */
  path: string;
  summary: string;
  description?: string;
  params?: { name: string; in: "path" | "query"; description: string; required: boolean }[];
  body?: z.ZodType;
  /** 200's body: JSON by its schema, or a content type (CSV). */
  response: z.ZodType | { contentType: string; description: string };
}
