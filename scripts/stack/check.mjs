// Smoke check of the test stack (scripts/stack/stack.sh up):
//   - Envoy: the pinned binary runs (`--version`);
//   - Kafka: admin createTopics on a fresh topic, an idempotent producer with
//     acks=all (-1) sends a message, a fresh consumer group reads it back;
//   - Redis: SET / GET / DEL of a fresh key.
// Uses kafkajs and ioredis from the project's node_modules.
// Reads WARDGATE_TEST_* from the environment, else from .cache/stack/stack.env.
// Usage: node scripts/stack/check.mjs
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { Redis } from 'ioredis';

const here = dirname(fileURLToPath(import.meta.url));
const envFile = join(here, '..', '..', '.cache', 'stack', 'stack.env');
const TIMEOUT_MS = 60_000;

function loadEnv() {
  const env = {};
  if (existsSync(envFile)) {
    for (const line of readFileSync(envFile, 'utf8').split('\n')) {
      const m = /^\s*(?:export\s+)?(WARDGATE_TEST_[A-Z0-9_]+)=(.*)$/.exec(line);
      if (m) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
    }
  }
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('WARDGATE_TEST_') && v) env[k] = v;
  }
  return env;
}

function need(env, key) {
  const v = env[key];
  if (!v) {
    throw new Error(`${key} is not set and not in ${envFile}; run: bash scripts/stack/stack.sh up`);
  }
  return v;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function checkEnvoy(bin) {
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const m = /version: \S+\/(\d+\.\d+\.\d+)\//.exec(out);
  if (!m) throw new Error(`unexpected output of ${bin} --version: ${out.trim()}`);
  return m[1];
}

async function checkKafka(brokers) {
  const id = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  const topic = `wardgate-stack-check-${id}`;
  const groupId = `wardgate-stack-check-${id}`;
  const payload = `hello ${id}`;
  const kafka = new Kafka({
    clientId: 'wardgate-stack-check',
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId });
  try {
    await admin.connect();
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    if (!created) throw new Error(`createTopics(${topic}) returned false (topic already existed)`);

    await producer.connect();
    const [meta] = await producer.send({
      topic,
      acks: -1,
      messages: [{ key: 'k', value: payload }],
    });

    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received = await withTimeout(
      new Promise((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              if (message.value?.toString() === payload) resolve({ partition, offset: message.offset });
            },
          })
          .catch(reject);
      }),
      `consume from ${topic}`,
    );
    return { topic, groupId, partition: meta.partition, baseOffset: meta.baseOffset, received };
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

async function checkRedis(url) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
  const key = `wardgate:stack-check:${randomBytes(6).toString('hex')}`;
  const value = randomBytes(8).toString('hex');
  try {
    await redis.connect();
    const set = await redis.set(key, value, 'EX', 60);
    if (set !== 'OK') throw new Error(`SET ${key} answered ${set}`);
    const got = await redis.get(key);
    if (got !== value) throw new Error(`GET ${key} answered ${got}, expected ${value}`);
    await redis.del(key);
    const info = await redis.info('server');
    return { key, version: /redis_version:(\S+)/.exec(info)?.[1] ?? '?' };
  } finally {
    redis.disconnect();
  }
}

async function main() {
  const env = loadEnv();
  const envoyBin = need(env, 'WARDGATE_TEST_ENVOY_BIN');
  const brokers = need(env, 'WARDGATE_TEST_KAFKA_BROKERS');
  const redisUrl = need(env, 'WARDGATE_TEST_REDIS_URL');

  const t0 = Date.now();
  const envoyVersion = checkEnvoy(envoyBin);
  console.log(`envoy ok: ${envoyVersion} (${envoyBin})`);

  const t1 = Date.now();
  const k = await withTimeout(checkKafka(brokers), 'kafka check');
  console.log(
    `kafka ok: ${brokers} topic ${k.topic} produced (idempotent, acks=-1) to partition ${k.partition} offset ${k.baseOffset}, ` +
      `consumed by group ${k.groupId} from partition ${k.received.partition} offset ${k.received.offset} (${Date.now() - t1} ms)`,
  );

  const t2 = Date.now();
  const r = await withTimeout(checkRedis(redisUrl), 'redis check');
  console.log(`redis ok: ${redisUrl} (redis ${r.version}) SET/GET ${r.key} (${Date.now() - t2} ms)`);

  console.log(`STACK CHECK OK: envoy ${envoyVersion}, kafka ${brokers}, redis ${redisUrl} in ${Date.now() - t0} ms`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`STACK CHECK FAILED: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
