import {
  applyDecorators,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, DECORATORS } from '@nestjs/swagger';
import { ApiProblems } from './api-problems.decorator';
import { WithRouteConfig } from './body-route.decorators';
import { ROUTE_RESOURCE_CONFIG, RouteKind, RouteResource } from './route-resource';
import { WriteRouteInterceptor } from './write-route.interceptor';

type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteOptions {
  /** Path below the controller's prefix, Nest syntax (`':id/suspend'`); the prefix itself by default. */
  path?: string;
  summary: string;
  description?: string;
  /** The success response's DTO (`[Dto]` for an array); none means an empty answer (204 for writes). */
  type?: Type<unknown> | [Type<unknown>];
  /** Description of the success response. */
  responseDescription?: string;
  /** Problem statuses beyond those every route of this kind can answer. */
  problems?: number[];
  /** The route honours `If-Match` (a stale ETag is a 412). */
  ifMatch?: boolean;
  /** Documents `Idempotency-Key` (POST only); Create routes are idempotent unless told otherwise. */
  idempotent?: boolean;
  /** Success status; otherwise 201 for Create, 204 for a write without a body, 200 for the rest. */
  status?: number;
  /** HTTP method of a write route that is not the kind's usual one (Update is PATCH, Action POST). */
  method?: WriteMethod;
  /** `false` for routes anyone may call: no 401/403 among the default problems. */
  auth?: boolean;
  /**
   * The answer carries `ETag` from the returned view's `version`; by default when the response
   * DTO declares a `version` property.
   */
  etag?: boolean;
  /**
   * Create only: the new resource's path for `Location`, from the returned view and the path
   * parameters; by default the request path followed by the view's `id`. `false`: no Location.
   */
  location?: false | ((view: never, params: Record<string, string>) => string);
  /**
   * Write routes run their command and the read that answers it in one unit of work (one
   * transaction). `false` for the few whose handler must commit something even when it fails,
   * or that opens its own (a command that shares a unit of work with others: group commit).
   */
  unitOfWork?: boolean;
}

const METHOD = { POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete } as const;
const WRITES: ReadonlySet<RouteKind> = new Set(['create', 'update', 'action', 'delete']);

/** Whether a DTO documents a `version` (then its view answers an ETag). */
function declaresVersion(type: RouteOptions['type']): boolean {
  const dto = Array.isArray(type) ? undefined : type;
  if (!dto) return false;
  const prototype = dto.prototype as object;
  const properties = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, prototype) as
    string[] | undefined;
  return properties?.includes(':version') ?? false;
}

/** The problem statuses every route of a kind can answer, plus the route's own. */
export function problemsOf(kind: RouteKind, options: RouteOptions): number[] {
  const addressed = (options.path ?? '').includes(':');
  const statuses = new Set<number>();
  if (options.auth !== false) [401, 403].forEach((s) => statuses.add(s));
  if (kind !== 'read' || addressed) statuses.add(400);
  if (addressed) statuses.add(404);
  // A resource's write can meet a concurrent change, a taken value or a state that refuses it.
  if (WRITES.has(kind) && (kind !== 'action' || addressed)) statuses.add(409);
  if (options.ifMatch) statuses.add(412);
  for (const status of options.problems ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

function successStatus(kind: RouteKind, options: RouteOptions): number {
  if (options.status) return options.status;
  if (kind === 'create') return 201;
  if (WRITES.has(kind) && !options.type) return 204;
  return 200;
}

function route(kind: RouteKind, method: WriteMethod | 'GET', options: RouteOptions) {
  const path = options.path ?? '';
  const status = successStatus(kind, options);
  const etag = status !== 204 && (options.etag ?? declaresVersion(options.type));
  const location = kind === 'create' && options.location !== false && status === 201;
  const headers: Record<string, { description: string; schema: { type: 'string' } }> = {};
  if (etag)
    headers.ETag = {
      description: 'Version of the resource, for If-Match',
      schema: { type: 'string' },
    };
  if (location)
    headers.Location = { description: 'Path of the new resource', schema: { type: 'string' } };
  const resource: RouteResource = {
    kind,
    etag,
    location: location
      ? ((options.location as RouteResource['location'] | undefined) ?? 'default')
      : false,
    unitOfWork: WRITES.has(kind) && options.unitOfWork !== false,
  };
  const decorators: Array<ClassDecorator | MethodDecorator | PropertyDecorator> = [
    method === 'GET' ? Get(path) : METHOD[method](path),
    HttpCode(status),
    // Read from the request's route by the preSerialization hook that sets the answer's headers
    // and by the write route's interceptor.
    WithRouteConfig({ [ROUTE_RESOURCE_CONFIG]: resource }),
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiResponse({
      status,
      description: options.responseDescription ?? (status === 204 ? 'No content' : undefined),
      ...(options.type ? { type: options.type } : {}),
      ...(Object.keys(headers).length ? { headers } : {}),
    }),
  ];
  if (options.ifMatch)
    decorators.push(
      ApiHeader({
        name: 'If-Match',
        required: false,
        description: 'ETag from GET; a stale one is a 412 and nothing is written',
      }),
    );
  if (method === 'POST' && (options.idempotent ?? kind === 'create'))
    decorators.push(
      ApiHeader({
        name: 'Idempotency-Key',
        required: false,
        description: 'Makes a retry return the first response',
      }),
    );
  decorators.push(ApiProblems(...problemsOf(kind, options)));
  // Idempotency-Key is honoured on every composed POST; a read has no interceptor at all.
  if (resource.unitOfWork || method === 'POST')
    decorators.push(UseInterceptors(WriteRouteInterceptor));
  return applyDecorators(...decorators);
}

/**
 * One composed decorator per kind of route: the HTTP method and path, the operation, the
 * success response (with `ETag`/`Location` where they apply), `If-Match`/`Idempotency-Key`
 * and the problem responses the kind can answer. `installResourceHeaders` sets the headers.
 */
export const Route = {
  /** GET one resource; answers an ETag when its view has a version. */
  Read: (options: RouteOptions) => route('read', 'GET', options),
  /** GET a page or a collection. */
  List: (options: RouteOptions) => route('list', 'GET', options),
  /** POST a new resource: 201 with Location (and ETag), idempotent with Idempotency-Key. */
  Create: (options: RouteOptions) => route('create', options.method ?? 'POST', options),
  /** PATCH (or PUT) a resource's fields; answers the new view. */
  Update: (options: RouteOptions) => route('update', options.method ?? 'PATCH', options),
  /** POST a transition or command on a resource; answers its view, or 204 without a type. */
  Action: (options: RouteOptions) => route('action', options.method ?? 'POST', options),
  /** DELETE a resource; 204 unless it answers a view. */
  Delete: (options: RouteOptions) => route('delete', options.method ?? 'DELETE', options),
};
