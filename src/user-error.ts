// An error the user can act on: a stable code, and a message that says what was wrong, where, and what to do.
export class UserError extends Error {
    constructor(readonly code: string, message: string) {
        super(message);
        this.name = 'UserError';
    }
}
