/**
 * - STARTING: dependencies connecting, ports not yet open.
 * - SERVING: ports open; readiness follows dependencies.
 * - DRAINING: SIGTERM received; not ready, no new streams, in-flight ones finishing, audit flushing.
 * - STOPPED: everything closed; terminal.
 * - FAILED: start failed; terminal.
 */
export type LifecycleState = 'STARTING' | 'SERVING' | 'DRAINING' | 'STOPPED' | 'FAILED';
