// The auth plugin: bearer tokens with roles (tokens.ts) and the access log (access-log.ts). A route folder applies
// `app.allowRoles(...)` as its onRequest hook, so every route under its prefix answers 401 without a valid token
// and 403 for a role not allowed, before any parameter is read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessLog } from '../access-log.js';
import { ApiError } from '../api-error.js';
import { TokenStore, type Role, type StoredToken } from '../tokens.js';
import { namedPlugin } from './named-plugin.js';

declare module 'fastify' {
    interface FastifyInstance {
        tokens: TokenStore;
        accessLog: AccessLog;
        allowRoles(...roles: Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    }
    interface FastifyRequest {
        caller: StoredToken | null;
    }
}

export interface AuthOptions extends Record<string, unknown> {
    tokensFile: string;
    accessLogFile: string;
}

export function bearerToken(request: FastifyRequest): string | undefined {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header) : null;
    return match?.[1];
}

export const authPlugin = namedPlugin<AuthOptions>('auth', [], async (app, options) => {
    const tokens = new TokenStore(options.tokensFile);
    app.decorate('tokens', tokens);
    app.decorate('accessLog', new AccessLog(options.accessLogFile));
    app.decorateRequest('caller', null);
    app.decorate('allowRoles', (...roles: Role[]) => async (request: FastifyRequest) => {
        const token = bearerToken(request);
        const caller = token === undefined ? undefined : tokens.find(token);
        if (!caller) {
            throw new ApiError(401, 'unauthenticated', 'This route needs a valid token: send the header "Authorization: Bearer TOKEN". An administrator makes tokens with: customs token add --role ROLE --name NAME --tokens FILE');
        }
        if (!roles.includes(caller.role)) {
            throw new ApiError(403, 'forbidden', `The token "${caller.name}" has the role ${caller.role}; this route is for the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}.`);
        }
        request.caller = caller;
    });
});
