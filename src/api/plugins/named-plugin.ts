// Marks a plugin the way fastify-plugin does: its decorators are shared with the app that registers it, and Fastify
// checks at start-up that the plugins it depends on were registered before it.
import type { FastifyPluginAsync } from 'fastify';

export function namedPlugin<Options extends Record<string, unknown>>(name: string, dependencies: string[], plugin: FastifyPluginAsync<Options>): FastifyPluginAsync<Options> {
    const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
    marked[Symbol.for('skip-override')] = true;
    marked[Symbol.for('fastify.display-name')] = name;
    marked[Symbol.for('plugin-meta')] = { name, dependencies };
    return marked;
}
