import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { stackEnv } from '../support/stack-env.js';

// The harness's own services answer: a write and a read-back through the same clients Wardgate uses.
describe('test stack', () => {
  it('Redis takes a write and gives it back', async () => {
    const redis = new Redis(stackEnv('WARDGATE_TEST_REDIS_URL'), { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      const key = `wardgate:test:${randomUUID()}`;
      await redis.set(key, 'hello', 'PX', 10_000);
      expect(await redis.get(key)).toBe('hello');
      expect(Number(await redis.pttl(key))).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('Kafka takes an idempotent, acks=all write and a consumer reads it back', async () => {
    const kafka = new Kafka({ clientId: 'stack-test', brokers: stackEnv('WARDGATE_TEST_KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING });
    const topic = `wardgate-stack-test-${randomUUID()}`;
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId: `stack-test-${randomUUID()}` });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'hello kafka' }] });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 30s')), 30_000);
        void consumer.run({
          eachMessage: ({ message }) => {
            clearTimeout(timer);
            resolve(message.value?.toString() ?? '');
            return Promise.resolve();
          },
        });
      });
      expect(received).toBe('hello kafka');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
