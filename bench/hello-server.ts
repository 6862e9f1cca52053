/**
 * The baseline of the HTTP benchmark: a bare Fastify hello-world, logger off, on 127.0.0.1.
 *   node --import tsx bench/hello-server.ts [port]     (port 0 or none: any free port)
 * Prints "hello-world listening on http://…" once it accepts connections.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const url = await app.listen({ host: '127.0.0.1', port });
console.log(`hello-world listening on ${url}`);

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
