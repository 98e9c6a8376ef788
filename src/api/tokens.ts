// API tokens: a random bearer token per person or system, with one role. The tokens file keeps only the SHA-256 of
// each token (a random 32-byte token cannot be recovered from its hash), so the file itself grants nothing.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { UserError } from '../user-error.js';

export const ROLES = ['auditor', 'statistician', 'manager', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const storedTokenSchema = z.object({
    name: z.string().min(1).max(100),
    role: roleSchema,
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    created_at: z.string(),
});
export type StoredToken = z.infer<typeof storedTokenSchema>;

const tokensFileSchema = z.object({ tokens: z.array(storedTokenSchema) });

export function hashToken(token: string): string {
    return createHash('sha256').update(token).digest('hex');
}

export function readTokens(file: string): StoredToken[] {
    if (!existsSync(file)) return [];
    try {
        return tokensFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).tokens;
    } catch (error) {
        throw new UserError('tokens_file_invalid', `The tokens file ${file} is not a valid tokens file (${(error as Error).message.split('\n')[0]}). Restore it, or move it away and add tokens again with: customs token add --role ROLE --name NAME --tokens ${file}`);
    }
}

/** Makes a new token, stores its hash under `name`, and returns the token: the only time it is shown. */
export function addToken(file: string, role: Role, name: string): string {
    const tokens = readTokens(file);
    if (tokens.some((token) => token.name === name)) {
        throw new UserError('token_name_taken', `The tokens file ${file} already has a token named "${name}". Choose another name.`);
    }
    const token = `cus_${randomBytes(32).toString('base64url')}`;
    tokens.push(storedTokenSchema.parse({ name, role, sha256: hashToken(token), created_at: new Date().toISOString() }));
    writeTokens(file, tokens);
    return token;
}

/** Removes the tokens whose names `remove` picks; they stop working at once on a running server. */
export function removeTokens(file: string, remove: (token: StoredToken) => boolean): void {
    writeTokens(file, readTokens(file).filter((token) => !remove(token)));
}

/** Replaces the file whole (written beside it, then renamed), readable by its owner only. */
function writeTokens(file: string, tokens: StoredToken[]): void {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.partial`;
    writeFileSync(temporary, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
}

/** The tokens of a file, looked up by hash; reread when the file changes, so tokens added while serving work at once. */
export class TokenStore {
    private byHash = new Map<string, StoredToken>();
    private version = '';

    constructor(private readonly file: string) {
        this.reloadIfChanged();
    }

    private reloadIfChanged(): void {
        const version = existsSync(this.file) ? String(statSync(this.file).mtimeMs) : 'missing';
        if (version === this.version) return;
        this.byHash = new Map(readTokens(this.file).map((token) => [token.sha256, token]));
        this.version = version;
    }

    find(token: string): StoredToken | undefined {
        this.reloadIfChanged();
        return this.byHash.get(hashToken(token));
    }

    list(): StoredToken[] {
        this.reloadIfChanged();
        return [...this.byHash.values()];
    }
}
