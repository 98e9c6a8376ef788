// An error the API answers with: an HTTP status, a stable code, and a message that says what to fix.
export class ApiError extends Error {
    constructor(readonly statusCode: number, readonly code: string, message: string) {
        super(message);
        this.name = 'ApiError';
    }
}
