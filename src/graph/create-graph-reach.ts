// The reach ports over Graph from config: undefined when Graph is not configured, so callers can
// only reach Graph through a value that exists when it is (nothing is sent otherwise).
import type { Config } from "../config.js";
import type { AppInstaller, EntraDelta, EntraDirectory } from "../domain/reach/entra-ports.js";
import { createGraphClient, type GraphClientOptions } from "./graph-client.js";
import { createTokenSource } from "./graph-token.js";
import { createGraphDelta, createGraphDirectory, createGraphInstaller } from "./graph-adapters.js";

export interface GraphReach {
  directory: EntraDirectory;
  installer: AppInstaller;
  delta: EntraDelta;
  /** A request outlives neither timeout × attempts nor this: a claim older than it is abandoned. */
  claimLeaseMs: number;
}

export function createGraphReach(config: Config, options: GraphClientOptions = {}): GraphReach | undefined {
  const graph = config.graph;
  if (!graph) return undefined;
  const client = createGraphClient(graph, createTokenSource(graph), options);
  return {
    directory: createGraphDirectory(client),
    installer: createGraphInstaller(client, graph.teamsAppId, graph.catalogAppId),
    delta: createGraphDelta(client),
    // Each attempt ends by its timeout or a Retry-After the client honours (at most 5 minutes).
    claimLeaseMs: graph.maxAttempts * (graph.timeoutMs + 5 * 60_000),
  };
}
