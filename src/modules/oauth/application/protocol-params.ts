import { invalidRequest } from '../domain/oauth.errors';

export type ProtocolParams = Record<string, unknown>;

/** One parameter of a form or query: RFC 6749 §3.1 forbids repeating it. */
export function single(params: ProtocolParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${name} must be given once`);
  return value;
}

/** A parameter that may repeat (RFC 8707 `resource`). */
export function many(params: ProtocolParams, name: string): string[] {
  const value = params[name];
  if (value === undefined || value === '') return [];
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v): v is string => typeof v === 'string' && v.length > 0))
    throw invalidRequest(`${name} is malformed`);
  return values;
}
