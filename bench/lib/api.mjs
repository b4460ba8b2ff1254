// The few calls the harness makes to set up a run, through the public HTTP API.
import { decodeJwt } from 'jose';

const REQUEST_TIMEOUT_MS = 30_000;

export class ApiError extends Error {}

export async function call(baseUrl, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

function expectStatus(what, response, ...expected) {
  if (!expected.includes(response.status)) {
    throw new ApiError(
      `${what}: expected HTTP ${expected.join(' or ')}, got ${response.status}: ${response.text.slice(0, 500)}`,
    );
  }
  return response;
}

/** Logs in and returns the access token with the issuer and audience it carries. */
export async function login(baseUrl, loginName, password) {
  const response = expectStatus(
    'POST /api/v1/auth/login',
    await call(baseUrl, 'POST', '/api/v1/auth/login', { body: { login: loginName, password } }),
    200,
  );
  const token = response.json?.accessToken;
  if (typeof token !== 'string')
    throw new ApiError(`POST /api/v1/auth/login: no accessToken in ${response.text.slice(0, 200)}`);
  const claims = decodeJwt(token);
  return { token, issuer: claims.iss, audience: claims.aud };
}

/** Creates one user through the API and returns its id (from the body, else from Location). */
export async function createUser(baseUrl, token, user) {
  const response = expectStatus(
    'POST /api/v1/users',
    await call(baseUrl, 'POST', '/api/v1/users', { token, body: user }),
    201,
  );
  const id = response.json?.id ?? response.headers.get('location')?.split('/').pop();
  if (!id)
    throw new ApiError(`POST /api/v1/users: no id in the answer: ${response.text.slice(0, 200)}`);
  return id;
}

/**
 * One request of each benchmarked kind before any load: a server that answers these with
 * an error would only produce a table of error rates.
 */
export async function preflight(baseUrl, token, userId, serverName) {
  const path = `/api/v1/users/${userId}`;
  expectStatus(`${serverName}: GET ${path}`, await call(baseUrl, 'GET', path, { token }), 200);
  expectStatus(
    `${serverName}: PATCH ${path}`,
    await call(baseUrl, 'PATCH', path, { token, body: { fullName: 'Preflight Check' } }),
    200,
  );
}
