// `npm run demo` (scripts/demo.sh provisions Envoy and builds, then runs this): the pinned Envoy
// on 127.0.0.1:10000 in front of a synthetic FHIR R4 + SQL server, Wardgate with the demo policy,
// a local audit file and an OIDC test issuer; prints a guided tour; Ctrl-C stops it all.
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SystemClock } from '../src/clock/clock.js';
import { loadWardgateConfig } from '../src/config/wardgate-config.js';
import { createLogger } from '../src/logging/logger.js';
import { startWardgate, type WardgateRuntime } from '../src/server/start-wardgate.js';
import { DemoEnvoy } from './demo-envoy.js';
import { DemoIssuer } from './demo-issuer.js';
import { generatePatients } from './fhir-patients.js';
import { DemoFhirServer } from './fhir-server.js';
import { formatTour, tourSteps } from './tour.js';

const { values } = parseArgs({
  options: {
    'envoy-bin': { type: 'string' },
    port: { type: 'string', default: '10000' },
    dir: { type: 'string', default: path.join('.cache', 'demo') },
    patients: { type: 'string', default: '40' },
  },
});
const out = (text: string): void => {
  process.stdout.write(text);
};
const envoyBin = values['envoy-bin'];
if (!envoyBin) {
  process.stderr.write('usage: run-demo.ts --envoy-bin PATH [--port 10000] [--dir .cache/demo] (npm run demo provisions Envoy)\n');
  process.exit(2);
}

const dir = values.dir;
const file = (name: string): string => path.join(dir, name);
const AGENT = { sub: 'coding-agent', groups: ['clinicians'] };
const APPROVER = { sub: 'dr-rivera', groups: ['phi-approvers'] };
const KEY_ID = 'wardgate-demo';

/** What is running, so that a stop (Ctrl-C or a failed start) stops exactly that, in reverse. */
const stops: Array<{ name: string; stop: () => Promise<void> }> = [];

async function start(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  // Each run starts a fresh audit file (one chain, signed with this run's key).
  for (const name of ['audit.jsonl', 'held.json', 'export.ndjson']) rmSync(file(name), { force: true });
  rmSync(file('audit-spool'), { recursive: true, force: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(file('audit-signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(file('audit-signing.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));

  const issuer = await new DemoIssuer().start();
  stops.push({ name: 'OIDC issuer', stop: () => issuer.stop() });

  const patients = generatePatients(Number(values.patients));
  const fhir = await new DemoFhirServer(patients).start('127.0.0.1', 0);
  stops.push({ name: 'FHIR server', stop: () => fhir.stop() });

  const config = loadWardgateConfig({
    env: {},
    raw: {
      logLevel: 'info',
      server: { grpc: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 }, shutdownGrace: '3s' },
      policy: { file: path.join('demo', 'policy.yaml') },
      identity: { issuers: [{ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audiences: [issuer.audience] }] },
      authz: { sqlPaths: ['/sql'] },
      audit: {
        sink: 'file',
        file: { path: file('audit.jsonl') },
        spool: { dir: file('audit-spool') },
        checkpoint: { everyEvents: 10, everyMs: '2s' },
        signing: { alg: 'ed25519', keyId: KEY_ID, keyFile: file('audit-signing.pem') },
      },
    },
  });
  const logStream = createWriteStream(file('wardgate.log'));
  const logger = createLogger({ level: config.logLevel }, logStream);
  const wardgate: WardgateRuntime = await startWardgate(config, { logger, clock: new SystemClock() });
  stops.push({
    name: 'Wardgate',
    stop: async () => {
      await wardgate.shutdown();
      await new Promise<void>((resolve) => logStream.end(resolve));
    },
  });

  const envoy = await new DemoEnvoy({ bin: envoyBin!, port: Number(values.port), wardgateGrpcPort: wardgate.ports.grpcPort, upstreamPort: fhir.port, dir }).start();
  stops.push({ name: 'Envoy', stop: () => envoy.stop() });

  const agentToken = await issuer.token(AGENT.sub, AGENT.groups);
  const approverToken = await issuer.token(APPROVER.sub, APPROVER.groups);
  writeFileSync(file('agent.token'), `${agentToken}\n`, { mode: 0o600 });
  writeFileSync(file('approver.token'), `${approverToken}\n`, { mode: 0o600 });

  const envoyUrl = `http://127.0.0.1:${values.port}`;
  const adminUrl = `http://127.0.0.1:${wardgate.ports.httpPort}`;
  const steps = tourSteps({
    envoyUrl,
    adminUrl,
    agentTokenFile: file('agent.token'),
    approverTokenFile: file('approver.token'),
    auditFile: file('audit.jsonl'),
    reportFile: file('audit-report.html'),
    verifyKey: { keyId: KEY_ID, file: file('audit-signing.pub.pem') },
    heldFile: file('held.json'),
    exportFile: file('export.ndjson'),
    newPatientFile: path.join('demo', 'new-patient.json'),
    patientId: patients[0]!.id,
  });
  out(`
Wardgate demo: running (Ctrl-C stops everything it started)

  Envoy, the agent's way in     ${envoyUrl}   (admin 127.0.0.1:${envoy.adminPort})
  Wardgate gRPC                 127.0.0.1:${wardgate.ports.grpcPort}   (ext_authz, ext_proc)
  Wardgate HTTP                 ${adminUrl}   (admin API, /metrics, /readyz)
  FHIR R4 + SQL server          http://127.0.0.1:${fhir.port}   (${patients.length} synthetic patients; unguarded, for comparison)
  OIDC issuer                   ${issuer.jwksUri}
  policy                        demo/policy.yaml
  audit file                    ${file('audit.jsonl')}   (signing key ${KEY_ID})
  logs                          ${file('wardgate.log')}, ${envoy.logFile}

Tokens (RS256, issuer ${issuer.issuer}, audience ${issuer.audience}, valid 8 h):
  agent     sub=${AGENT.sub} groups=[${AGENT.groups.join(',')}]   ${file('agent.token')}
  approver  sub=${APPROVER.sub} groups=[${APPROVER.groups.join(',')}]   ${file('approver.token')}

  agent token:    ${agentToken}
  approver token: ${approverToken}

Tour: paste these into another terminal, in this directory, in order.

${formatTour(steps)}
Ready.
`);
}

let stopping: Promise<void> | undefined;
/** Stops what started, newest first; idempotent. */
function stopAll(reason: string): Promise<void> {
  stopping ??= (async () => {
    out(`\nStopping (${reason})…\n`);
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop();
        out(`  stopped ${name}\n`);
      } catch (err: unknown) {
        process.stderr.write(`  could not stop ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    }
    out('Demo stopped.\n');
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopAll(signal);
  });
}

start().catch(async (err: unknown) => {
  process.stderr.write(`demo failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
  await stopAll('start failed');
});
