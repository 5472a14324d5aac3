/** A local stand-in for Resend's HTTP API, for tests and benchmarks. See server.ts. */
export { startResendStandIn, DEFAULT_API_KEY } from './server.ts';
export type { StandIn, StandInOptions, PermanentErrorStatus } from './server.ts';
export type { FaultKind, FaultKindInput, FaultOptions, FaultTarget } from './faults.ts';
export { ALL_FAULT_KINDS, DEFAULT_SLOW_MS } from './faults.ts';
export type { StoredEmail, RecordedRequest, Contact, Segment, Broadcast, ContactImport } from './state.ts';
export { StandInState, addressOf } from './state.ts';
export { MAX_BATCH_EMAILS } from './routes/emails.ts';
export { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency.ts';
export { loadResendSpec, DEFAULT_SPEC_PATH } from './spec.ts';
export type { ResendSpec, SpecOperation } from './spec.ts';
export { planWebhookEvents, eventsForEmail, expectedCounts, deliverWebhookEvents, postEvent, linksInHtml } from './webhooks.ts';
export type { EventRates, PlanOptions, PlannedEvent, SeededCounts, DeliverOptions, DeliveryTally } from './webhooks.ts';
