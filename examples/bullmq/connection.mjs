// The Redis connection BullMQ uses (through ioredis), on REDIS_PORT (default 6379).
export function connection() {
  return { host: '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379), maxRetriesPerRequest: null };
}
