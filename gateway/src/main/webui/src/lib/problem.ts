/** One offending input of an RFC 9457 problem: a field path, or a CSV line and column. */
export interface FieldError {
  field?: string;
  message: string;
  line?: number;
  column?: string;
}

/** The API's problem+json, as every service answers errors. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** An API call that failed: what the service said, in words a person can act on. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `The request failed (HTTP ${problem.status}).`);
    this.problem = problem;
  }

  get status() {
    return this.problem.status;
  }
}

/** Reads a failed response's body as a problem, whatever the server sent. */
export function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'status' in body) {
    return body as Problem;
  }
  const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : undefined;
  return { status, title: statusTitle(status), detail: text ?? describeStatus(status) };
}

function statusTitle(status: number) {
  if (status === 401) return 'Signed out';
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 413) return 'Too large';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'The studio had a problem';
  return 'Request refused';
}

function describeStatus(status: number) {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return 'Your account may not do this.';
  if (status === 404) return 'It no longer exists, or it is not yours.';
  if (status >= 500) return 'Something went wrong on our side. Try again in a moment.';
  return `The request was refused (HTTP ${status}).`;
}

/** Where an error points, in words: "line 3, column strain_type" or "rows[2].product_name". */
export function locate(error: FieldError): string | undefined {
  if (error.line != null) {
    return error.column ? `Line ${error.line}, column ${error.column}` : `Line ${error.line}`;
  }
  return error.field ? humanField(error.field) : undefined;
}

/** A field path as a person reads it: promptText -> prompt text, rows[2].x -> row 3, x. */
export function humanField(field: string): string {
  return field
    .replace(/^(create|update|generate|preview|render)\.[a-zA-Z]+\./, '')
    .replace(/rows\[(\d+)\]\.?/g, (_, n) => `row ${Number(n) + 1}${_.endsWith('.') ? ', ' : ''}`)
    .replace(/([a-z])([A-Z])/g, (_, a, b) => `${a} ${b.toLowerCase()}`);
}

/** A problem's field errors by field name (the last path segment), for form fields. */
export function errorsByField(problem: Problem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    if (!e.field) continue;
    const name = e.field.split('.').pop()!.replace(/\[\d+\]$/, '');
    out[name] = out[name] ? `${out[name]}; ${e.message}` : e.message;
  }
  return out;
}
