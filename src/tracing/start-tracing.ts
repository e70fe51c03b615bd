// OpenTelemetry tracing, started before the app is imported (src/tracing/register.ts): spans for
// inbound HTTP (express routes), outgoing HTTP (Bot Connector, Graph, Entra) and PostgreSQL (pg).
// Azure Monitor through its distro when APPLICATIONINSIGHTS_CONNECTION_STRING is set, else OTLP over
// HTTP to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT. The packages are loaded only when tracing is on.
import { register } from "node:module";
import type { TracingConfig } from "../config.js";

export interface RunningTracing {
  shutdown(): Promise<void>;
}

export async function startTracing(config: TracingConfig): Promise<RunningTracing> {
  // ESM imports of express and pg are patched only through this loader hook (import-in-the-middle).
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  const { HttpInstrumentation } = await import("@opentelemetry/instrumentation-http");
  const { ExpressInstrumentation } = await import("@opentelemetry/instrumentation-express");
  const { PgInstrumentation } = await import("@opentelemetry/instrumentation-pg");
  const http = new HttpInstrumentation({
    // Probes and scrapes every few seconds would drown the traces that matter.
    ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ""),
  });
  const instrumentations = [http, new ExpressInstrumentation(), new PgInstrumentation({ enhancedDatabaseReporting: false })];
  if (config.exporter === "azure-monitor") {
    const { useAzureMonitor, shutdownAzureMonitor } = await import("@azure/monitor-opentelemetry");
    const { resourceFromAttributes } = await import("@opentelemetry/resources");
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: config.connectionString },
      resource: resourceFromAttributes({ "service.name": config.serviceName }),
      // The distro's own http and postgresql instrumentations stay on; express is added.
      instrumentationOptions: { http: { enabled: true }, postgreSql: { enabled: true } },
      enableLiveMetrics: false,
    });
    const { registerInstrumentations } = await import("@opentelemetry/instrumentation");
    registerInstrumentations({ instrumentations: [new ExpressInstrumentation()] });
    return { shutdown: () => shutdownAzureMonitor() };
  }
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  const sdk = new NodeSDK({ serviceName: config.serviceName, traceExporter: new OTLPTraceExporter(), instrumentations });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
