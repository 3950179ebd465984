// A Redis connection for BullMQ on REDIS_PORT (default 6379). BullMQ's usual client is ioredis,
// given connection options; where ioredis is not installed (this repository's test setup), a
// small RESP client from the test helpers, which BullMQ adapts like Bun's built-in client.
export async function connection() {
  const port = Number(process.env.REDIS_PORT ?? 6379);
  try {
    await import('ioredis');
    return { host: '127.0.0.1', port };
  } catch {
    const { RespClient } = await import('../../test/helpers/resp-client.mjs');
    return new RespClient({ port });
  }
}
