/** Running the appliance (FEATURES D3, D4, D6): health, metrics, request telemetry, doctor and TLS. */
export { registerAppMetrics } from "./app-metrics.ts";
export { backupCommand, createAdminCommand, migrateCommand, readFirstLine } from "./commands.ts";
export { diskBanner } from "./disk-banner.ts";
export { runDoctor } from "./doctor.ts";
export { restoreCommand } from "./restore.ts";
export { requestTelemetry } from "./telemetry.ts";
export { createSelfSigned, fingerprintOf, loadOrCreateTls, type TlsFiles } from "./tls.ts";
